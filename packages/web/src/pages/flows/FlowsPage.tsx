// Replaced by its owner: a temporary module so the app builds while the screens are written.
export function FlowsPage() {
  return <div className="page">FlowsPage </div>;
}
