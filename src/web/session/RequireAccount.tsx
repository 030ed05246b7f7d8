import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { useSession } from './SessionProvider.tsx';

/** Signed-in pages: while the session is asked for, a loading line; no one signed in, the sign-in page. */
export function RequireAccount() {
  const { account, error } = useSession();
  const location = useLocation();
  if (error) return <ErrorAlert error={error} />;
  if (account === undefined) return <Loading />;
  if (account === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}
