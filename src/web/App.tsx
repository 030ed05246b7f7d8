import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout.tsx';
import { Loading } from './components/Loading.tsx';
import { PublicLayout } from './components/PublicLayout.tsx';
import { RequireLoop } from './components/requests/RequireLoop.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { LoginPage } from './pages/login/LoginPage.tsx';
import { RequireAccount } from './session/RequireAccount.tsx';
import { RequireRole } from './session/RequireRole.tsx';
import { ADMINS, AUTHORS, homePath, STAFF } from './session/roles.ts';
import { useAccount } from './session/SessionProvider.tsx';

// Each page is its own chunk: the region and industry tables, ECharts and the rule editor load only where used.
const MyPoliciesPage = lazy(() =>
  import('./pages/enterprise/MyPoliciesPage.tsx').then((m) => ({ default: m.MyPoliciesPage })),
);
const ProfilePage = lazy(() => import('./pages/enterprise/ProfilePage.tsx').then((m) => ({ default: m.ProfilePage })));
const NotificationsPage = lazy(() =>
  import('./pages/enterprise/NotificationsPage.tsx').then((m) => ({ default: m.NotificationsPage })),
);
const SubscriptionPage = lazy(() =>
  import('./pages/enterprise/SubscriptionPage.tsx').then((m) => ({ default: m.SubscriptionPage })),
);
const PolicyPage = lazy(() => import('./pages/policy/PolicyPage.tsx').then((m) => ({ default: m.PolicyPage })));
const SearchPage = lazy(() => import('./pages/library/SearchPage.tsx').then((m) => ({ default: m.SearchPage })));
const ArticlePage = lazy(() => import('./pages/library/ArticlePage.tsx').then((m) => ({ default: m.ArticlePage })));
const DashboardPage = lazy(() =>
  import('./pages/dashboard/DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })),
);
const UploadPage = lazy(() => import('./pages/upload/UploadPage.tsx').then((m) => ({ default: m.UploadPage })));
const SourcePage = lazy(() => import('./pages/upload/SourcePage.tsx').then((m) => ({ default: m.SourcePage })));
const RulesPage = lazy(() => import('./pages/rules/RulesPage.tsx').then((m) => ({ default: m.RulesPage })));
const RuleEditorPage = lazy(() =>
  import('./pages/rules/RuleEditorPage.tsx').then((m) => ({ default: m.RuleEditorPage })),
);
const QualifyingPage = lazy(() =>
  import('./pages/rules/QualifyingPage.tsx').then((m) => ({ default: m.QualifyingPage })),
);
const EnterprisesPage = lazy(() =>
  import('./pages/enterprises/EnterprisesPage.tsx').then((m) => ({ default: m.EnterprisesPage })),
);
const AuditPage = lazy(() => import('./pages/audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));
const OutboxPage = lazy(() => import('./pages/push/OutboxPage.tsx').then((m) => ({ default: m.OutboxPage })));
// The request loop (诉求) and the major projects (重大项目).
const MyRequestsPage = lazy(() =>
  import('./pages/requests/MyRequestsPage.tsx').then((m) => ({ default: m.MyRequestsPage })),
);
const NewRequestPage = lazy(() =>
  import('./pages/requests/NewRequestPage.tsx').then((m) => ({ default: m.NewRequestPage })),
);
const InboxPage = lazy(() => import('./pages/requests/InboxPage.tsx').then((m) => ({ default: m.InboxPage })));
const DepartmentPage = lazy(() =>
  import('./pages/requests/DepartmentPage.tsx').then((m) => ({ default: m.DepartmentPage })),
);
const RequestPage = lazy(() => import('./pages/requests/RequestPage.tsx').then((m) => ({ default: m.RequestPage })));
const RequestsDashboardPage = lazy(() =>
  import('./pages/requests/RequestsDashboardPage.tsx').then((m) => ({ default: m.RequestsDashboardPage })),
);
const RequestSettingsPage = lazy(() =>
  import('./pages/requests/RequestSettingsPage.tsx').then((m) => ({ default: m.RequestSettingsPage })),
);
const ProjectsPage = lazy(() => import('./pages/projects/ProjectsPage.tsx').then((m) => ({ default: m.ProjectsPage })));
const ProjectPage = lazy(() => import('./pages/projects/ProjectPage.tsx').then((m) => ({ default: m.ProjectPage })));
// 免申即享: the operator's lists, an enterprise's entries, and the public notices (公示) anyone may read.
const GrantListsPage = lazy(() =>
  import('./pages/grants/GrantListsPage.tsx').then((m) => ({ default: m.GrantListsPage })),
);
const GrantListPage = lazy(() =>
  import('./pages/grants/GrantListPage.tsx').then((m) => ({ default: m.GrantListPage })),
);
const EnterpriseGrantsPage = lazy(() =>
  import('./pages/grants/EnterpriseGrantsPage.tsx').then((m) => ({ default: m.EnterpriseGrantsPage })),
);
const NoticesPage = lazy(() => import('./pages/notices/NoticesPage.tsx').then((m) => ({ default: m.NoticesPage })));
const NoticePage = lazy(() => import('./pages/notices/NoticePage.tsx').then((m) => ({ default: m.NoticePage })));

function Home() {
  return <Navigate to={homePath(useAccount())} replace />;
}

export function App() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<PublicLayout />}>
          <Route path="/notices" element={<NoticesPage />} />
          <Route path="/notices/:id" element={<NoticePage />} />
        </Route>
        <Route element={<RequireAccount />}>
          <Route element={<AppLayout />}>
            <Route index element={<Home />} />
            <Route path="/enterprises/:uscc/policies" element={<MyPoliciesPage />} />
            <Route path="/enterprises/:uscc/profile" element={<ProfilePage />} />
            <Route path="/enterprises/:uscc/notifications" element={<NotificationsPage />} />
            <Route path="/enterprises/:uscc/grants" element={<EnterpriseGrantsPage />} />
            <Route path="/enterprises/:uscc/subscription" element={<SubscriptionPage />} />
            <Route path="/policies/:id" element={<PolicyPage />} />
            <Route path="/library" element={<SearchPage />} />
            <Route path="/library/articles/:id" element={<ArticlePage />} />
            <Route path="/dashboard" element={<DashboardPage />} />
            <Route element={<RequireRole roles={AUTHORS} />}>
              <Route path="/upload" element={<UploadPage />} />
              <Route path="/upload/sources/:id" element={<SourcePage />} />
              <Route path="/rules/new" element={<RuleEditorPage />} />
              <Route path="/rules/:id/edit" element={<RuleEditorPage />} />
              <Route path="/grants" element={<GrantListsPage />} />
              <Route path="/grants/:id" element={<GrantListPage />} />
            </Route>
            <Route element={<RequireRole roles={STAFF} />}>
              <Route path="/rules" element={<RulesPage />} />
              <Route path="/rules/:id/qualifying" element={<QualifyingPage />} />
              <Route path="/enterprises" element={<EnterprisesPage />} />
            </Route>
            <Route element={<RequireLoop roles={['enterprise']} />}>
              <Route path="/requests/mine" element={<MyRequestsPage />} />
            </Route>
            <Route element={<RequireLoop roles={['enterprise', 'coordinator']} />}>
              <Route path="/requests/new" element={<NewRequestPage />} />
            </Route>
            <Route element={<RequireLoop roles={['coordinator']} />}>
              <Route path="/requests/inbox" element={<InboxPage />} />
            </Route>
            <Route element={<RequireLoop roles={['department']} />}>
              <Route path="/requests/department" element={<DepartmentPage />} />
            </Route>
            <Route element={<RequireLoop roles={['enterprise', 'coordinator', 'department']} />}>
              <Route path="/requests/dashboard" element={<RequestsDashboardPage />} />
              <Route path="/requests/:id" element={<RequestPage />} />
            </Route>
            <Route element={<RequireRole roles={STAFF} />}>
              <Route path="/projects" element={<ProjectsPage />} />
              <Route path="/projects/:id" element={<ProjectPage />} />
            </Route>
            <Route element={<RequireRole roles={ADMINS} />}>
              <Route path="/audit" element={<AuditPage />} />
              <Route path="/push/outbox" element={<OutboxPage />} />
              <Route path="/requests/settings" element={<RequestSettingsPage />} />
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
