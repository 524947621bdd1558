// Temporary module (owner: inspector work) so the editor builds while the inspectors are written.
export function FlowSettingsInspector() {
  return <div />;
}
