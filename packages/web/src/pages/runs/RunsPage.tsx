// Replaced by its owner: a temporary module so the app builds while the screens are written.
export function RunsPage() {
  return <div className="page">RunsPage </div>;
}
