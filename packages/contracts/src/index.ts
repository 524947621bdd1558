export * from './common.schema.ts';
export * from './node-config.schema.ts';
export * from './flow.schema.ts';
export * from './error-codes.ts';
export * from './records.schema.ts';
export * from './run-event.schema.ts';
export * from './flow-operation.schema.ts';
export * from './ws-message.schema.ts';
