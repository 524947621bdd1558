export { buildApp, type BuildAppOptions } from './app.ts';
export { loadConfig, ConfigError, type ServerConfig } from './config.ts';
export { AppError } from './app-error.ts';
export { EventHub } from './events/event-hub.ts';
export type { AppServices } from './services.ts';
export type { RunService, StartRunRequest } from './runs/run-service.ts';
export { readFlowFiles, FLOWS_DIR, type FlowFile } from './bootstrap/flow-files.ts';
