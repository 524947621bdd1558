import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConnectorError } from '@flowsync/connector-sdk';
import { FlowCompileError } from '@flowsync/engine';
import { FlowOperationError } from '@flowsync/flow-core';
import { DuplicateError, NotFoundError, VersionConflictError } from '@flowsync/store';
import { AppError } from './app-error.ts';

interface ValidationDetail {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Turns a schema validation failure into issues whose paths name the field (e.g. `/body/email`). */
function validationIssues(error: FastifyError): { path: string; message: string }[] {
  const context = error.validationContext ?? 'body';
  return ((error.validation ?? []) as ValidationDetail[]).map((detail) => {
    const missing =
      typeof detail.params?.missingProperty === 'string' ? `/${detail.params.missingProperty}` : '';
    const extra =
      typeof detail.params?.additionalProperty === 'string' ? `/${detail.params.additionalProperty}` : '';
    const path = `/${context}${detail.instancePath ?? ''}${missing}${extra}`;
    const field = path.split('/').filter(Boolean).slice(1).join('.') || context;
    const what = extra ? 'is not allowed here' : missing ? 'is required' : (detail.message ?? 'is invalid');
    return { path, message: `${field} ${what}` };
  });
}

/** Every error leaves the API as `{ code, message, issues? }` with the code's HTTP status. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof VersionConflictError) {
    return new AppError(
      'CONFLICT',
      `The flow was changed by someone else: it is at version ${error.currentVersion}, you edited version ${error.expectedVersion}`,
      [{ path: '/expectedVersion', message: `current version is ${error.currentVersion}` }],
    );
  }
  if (error instanceof NotFoundError) return new AppError('NOT_FOUND', error.message);
  if (error instanceof DuplicateError) return new AppError('CONFLICT', error.message);
  if (error instanceof FlowCompileError) {
    return new AppError(
      'FLOW_INVALID',
      `The flow does not validate (${error.issues.length} problem${error.issues.length === 1 ? '' : 's'})`,
      error.issues.map((issue) => ({
        path: issue.path,
        message: issue.message,
        ...(issue.nodeId ? { nodeId: issue.nodeId } : {}),
      })),
    );
  }
  if (error instanceof FlowOperationError) {
    return new AppError(
      error.code === 'NOT_FOUND' ? 'NOT_FOUND' : error.code === 'CONFLICT' ? 'CONFLICT' : 'VALIDATION_FAILED',
      error.message,
      [{ path: error.path, message: error.message }],
    );
  }
  if (error instanceof ConnectorError) {
    // A business system's refusal is not the caller's: an expired vendor token must not read as
    // "sign in again" (401) or a missing role (403) to the browser.
    const status =
      error.code === 'VALIDATION_FAILED'
        ? 400
        : error.code === 'RECORD_NOT_FOUND'
          ? 404
          : error.code === 'CONNECTION_NOT_FOUND'
            ? 422
            : 502;
    return new AppError(error.code, error.message, undefined, status);
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    const issues = validationIssues(fastifyError as FastifyError);
    return new AppError(
      'VALIDATION_FAILED',
      issues.map((i) => i.message).join('; ') || 'Invalid request',
      issues,
    );
  }
  const status = fastifyError.statusCode;
  if (status === 413)
    return new AppError('VALIDATION_FAILED', 'The request body is too large', undefined, 413);
  if (status === 415) return new AppError('VALIDATION_FAILED', 'Send application/json', undefined, 415);
  if (status !== undefined && status >= 400 && status < 500) {
    return new AppError('VALIDATION_FAILED', fastifyError.message ?? 'Bad request', undefined, status);
  }
  return new AppError('INTERNAL', 'Unexpected failure; it has been logged');
}

/** Errors Fastify raises before routing (bad URL, over-long path parameter), in the API's shape. */
export function frameworkErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply.code(status).send(new AppError('VALIDATION_FAILED', error.message, undefined, status).toBody());
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
    void reply.code(appError.statusCode).send(appError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .send(new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`).toBody());
  });
}
