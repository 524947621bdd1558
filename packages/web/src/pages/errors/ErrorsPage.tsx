// Replaced by its owner: a temporary module so the app builds while the screens are written.
export function ErrorsPage() {
  return <div className="page">ErrorsPage </div>;
}
