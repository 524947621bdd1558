import {
  ConnectOperation,
  DeleteNodeOperation,
  DisconnectOperation,
  MoveNodeOperation,
  NODE_TYPES,
  NodeId,
  Position,
  RenameFlowOperation,
  UpdateConfigOperation,
  UpdateNodeOperation,
  UpdateSettingsOperation,
  type FlowOperation,
  type FlowOperationType,
} from '@flowsync/contracts';
import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import type { ApiIssue } from '../app-error.ts';

/**
 * addNode's node is checked for its shell only (id, type, position, label); its config is checked with
 * the whole flow afterwards, where flow-core names the node and the field.
 */
const AddNodeShell = Type.Object(
  {
    type: Type.Literal('addNode'),
    node: Type.Object(
      {
        id: NodeId,
        type: Type.Union(NODE_TYPES.map((type) => Type.Literal(type))),
        position: Position,
        label: Type.Optional(Type.String({ maxLength: 120 })),
        config: Type.Unknown(),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const strict = (schema: TObject): TObject => Type.Object(schema.properties, { additionalProperties: false });

const OPERATION_SCHEMAS: Record<FlowOperationType, TSchema> = {
  addNode: AddNodeShell,
  moveNode: strict(MoveNodeOperation),
  updateNode: strict(UpdateNodeOperation),
  updateConfig: strict(UpdateConfigOperation),
  deleteNode: strict(DeleteNodeOperation),
  connect: strict(ConnectOperation),
  disconnect: strict(DisconnectOperation),
  updateSettings: strict(UpdateSettingsOperation),
  renameFlow: strict(RenameFlowOperation),
};

/**
 * Checks each operation against the schema of its own type (a schema validator facing the whole
 * union would report every branch). Issue paths point into the request body:
 * `/body/operations/2/position/x`.
 *
 * @example
 * ```ts
 * operationInputIssues([{ type: 'moveNode', nodeId: 'map' }]);
 * // [{ path: '/body/operations/0/position', message: 'operations.0.position is required' }]
 * ```
 */
export function operationInputIssues(operations: readonly unknown[]): ApiIssue[] {
  const issues: ApiIssue[] = [];
  operations.forEach((operation, index) => {
    const base = `/body/operations/${index}`;
    const type = (operation as { type?: unknown } | null)?.type;
    const schema = typeof type === 'string' ? OPERATION_SCHEMAS[type as FlowOperationType] : undefined;
    if (schema === undefined) {
      issues.push({
        path: `${base}/type`,
        message: `operations.${index}.type must be one of ${Object.keys(OPERATION_SCHEMAS).join(', ')}`,
      });
      return;
    }
    // updateSettings' schema has defaults: fill them in so that a partial settings object is accepted
    // the same way a saved flow's would be.
    if (type === 'updateSettings') Value.Default(schema, operation);
    for (const error of Value.Errors(schema, operation)) {
      const missing = error.type === ValueErrorType.ObjectRequiredProperty;
      const path = `${base}${error.path}`;
      issues.push({
        path,
        message: `operations.${index}${error.path.replaceAll('/', '.')} ${missing ? 'is required' : error.message.toLowerCase()}`,
      });
    }
  });
  return dedupe(issues);
}

/** Narrows after {@link operationInputIssues} found nothing. */
export function asOperations(operations: readonly unknown[]): FlowOperation[] {
  return operations as FlowOperation[];
}

function dedupe(issues: ApiIssue[]): ApiIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path} ${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
