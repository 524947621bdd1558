// Routes of the app. Everything but the sign-in page needs a session; the shell adapts to the role.
import { useEffect } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { useSession } from '../state/session.ts';
import { ErrorState, LoadingState } from '../ui/components.tsx';
import { Toasts } from '../ui/toast.tsx';
import { describeError } from '../api/http.ts';
import { useState } from 'react';
import { AppShell } from './AppShell.tsx';
import { SignInPage } from '../pages/SignInPage.tsx';
import { FlowsPage } from '../pages/flows/FlowsPage.tsx';
import { FlowEditorPage } from '../editor/FlowEditorPage.tsx';
import { RunsPage } from '../pages/runs/RunsPage.tsx';
import { RunDetailPage } from '../pages/runs/RunDetailPage.tsx';
import { ErrorsPage } from '../pages/errors/ErrorsPage.tsx';
import { RecordTimelinePage } from '../pages/records/RecordTimelinePage.tsx';

export function App() {
  const status = useSession((s) => s.status);
  const load = useSession((s) => s.load);
  const [loadError, setLoadError] = useState<unknown>(undefined);
  useEffect(() => {
    load().catch(setLoadError);
  }, [load]);

  if (loadError !== undefined && status === 'loading') {
    return (
      <ErrorState
        title="flowsync cannot be reached"
        message={describeError(loadError)}
        onRetry={() => location.reload()}
      />
    );
  }
  if (status === 'loading') return <LoadingState label="Starting flowsync…" />;
  return (
    <>
      {status === 'signedOut' ? (
        <Switch>
          <Route path="/sign-in" component={SignInPage} />
          <Route>
            <Redirect
              to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`}
              replace
            />
          </Route>
        </Switch>
      ) : (
        <AppShell>
          <Switch>
            <Route path="/sign-in">
              <Redirect key="after-sign-in" to={nextFromQuery()} replace />
            </Route>
            <Route path="/">
              <Redirect key="home" to="/flows" replace />
            </Route>
            <Route path="/flows" component={FlowsPage} />
            <Route path="/flows/new">{() => <FlowEditorPage flowId={undefined} />}</Route>
            <Route path="/flows/:flowId">{(params) => <FlowEditorPage flowId={params.flowId} />}</Route>
            <Route path="/runs" component={RunsPage} />
            <Route path="/runs/:runId">{(params) => <RunDetailPage runId={params.runId} />}</Route>
            <Route path="/errors" component={ErrorsPage} />
            <Route path="/records">{() => <RecordTimelinePage />}</Route>
            <Route path="/records/:recordId">
              {(params) => <RecordTimelinePage recordId={params.recordId} />}
            </Route>
            <Route>
              <NotFound />
            </Route>
          </Switch>
        </AppShell>
      )}
      <Toasts />
    </>
  );
}

function nextFromQuery(): string {
  const next = new URLSearchParams(location.search).get('next');
  // Only same-app paths: never an open redirect to another origin.
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in')
    ? next
    : '/flows';
}

function NotFound() {
  return (
    <div className="page">
      <ErrorState title="Page not found" message={`Nothing lives at ${location.pathname}.`} />
    </div>
  );
}
