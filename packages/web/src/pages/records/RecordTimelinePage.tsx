// Replaced by its owner: a temporary module so the app builds while the screens are written.
export function RecordTimelinePage({ recordId }: { recordId?: string }) {
  return <div className="page">RecordTimelinePage {recordId}</div>;
}
