// Replaced by its owner: a temporary module so the app builds while the screens are written.
export function RunDetailPage({ runId }: { runId: string }) {
  return <div className="page">RunDetailPage {runId}</div>;
}
