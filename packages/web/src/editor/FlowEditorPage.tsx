// Replaced by its owner: a temporary module so the app builds while the screens are written.
export function FlowEditorPage({ flowId }: { flowId: string | undefined }) {
  return <div className="page">FlowEditorPage {flowId}</div>;
}
