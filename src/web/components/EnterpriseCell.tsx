import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** An enterprise in a table: its name opening its pages, its code (and what a table adds, e.g. its region) below. */
export function EnterpriseCell({ uscc, name, after }: { uscc: string; name: string; after?: ReactNode }) {
  return (
    <div>
      <Link to={`/enterprises/${uscc}/policies`}>{name}</Link>
      <div style={{ fontSize: 12, color: '#8c8c8c' }}>
        {uscc}
        {after}
      </div>
    </div>
  );
}
