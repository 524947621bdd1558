/** The logger the background services take (pino's shape, so `app.log` fits). */
export interface ServiceLogger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

export const silentServiceLogger: ServiceLogger = { info() {}, warn() {}, error() {} };
