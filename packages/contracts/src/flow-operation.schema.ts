import { Type, type Static } from '@sinclair/typebox';
import { NodeId, Position } from './common.schema.ts';
import { FlowEdge, FlowNode, FlowSettings } from './flow.schema.ts';

/**
 * Typed edit operations on a flow. One pure reducer in flow-core applies them, in the editor
 * (instantly) and on the server (authoritatively).
 */
export const AddNodeOperation = Type.Object({ type: Type.Literal('addNode'), node: FlowNode });
export const MoveNodeOperation = Type.Object({
  type: Type.Literal('moveNode'),
  nodeId: NodeId,
  position: Position,
});
export const UpdateNodeOperation = Type.Object({
  type: Type.Literal('updateNode'),
  nodeId: NodeId,
  label: Type.Optional(Type.String({ maxLength: 120 })),
});
export const UpdateConfigOperation = Type.Object({
  type: Type.Literal('updateConfig'),
  nodeId: NodeId,
  /** The whole new config of the node (validated with the flow afterwards). */
  config: Type.Unknown(),
});
export const DeleteNodeOperation = Type.Object({ type: Type.Literal('deleteNode'), nodeId: NodeId });
export const ConnectOperation = Type.Object({ type: Type.Literal('connect'), edge: FlowEdge });
export const DisconnectOperation = Type.Object({ type: Type.Literal('disconnect'), edgeId: Type.String() });
export const UpdateSettingsOperation = Type.Object({
  type: Type.Literal('updateSettings'),
  settings: FlowSettings,
});
export const RenameFlowOperation = Type.Object({
  type: Type.Literal('renameFlow'),
  name: Type.String({ minLength: 1, maxLength: 160 }),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
});

export const FlowOperation = Type.Union([
  AddNodeOperation,
  MoveNodeOperation,
  UpdateNodeOperation,
  UpdateConfigOperation,
  DeleteNodeOperation,
  ConnectOperation,
  DisconnectOperation,
  UpdateSettingsOperation,
  RenameFlowOperation,
]);
export type FlowOperation = Static<typeof FlowOperation>;
export type FlowOperationType = FlowOperation['type'];
