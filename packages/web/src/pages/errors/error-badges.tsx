// The small badges the inbox shows for an error: its code (red when a retry as stored cannot help,
// amber when the failure was transient) and its status (open, or how it was resolved).
import { ERROR_CODES, type ErrorCode, type RecordError } from '@flowsync/contracts';
import { Badge } from '../../ui/components.tsx';

export function ErrorCodeBadge({ code, retryable }: { code: ErrorCode; retryable: boolean }) {
  return (
    <Badge tone={retryable ? 'amber' : 'red'} title={ERROR_CODES[code].summary}>
      <span className="mono">{code}</span>
    </Badge>
  );
}

/** "Retried", "Fixed by a later run", "By hand". */
export function resolutionLabel(resolution: RecordError['resolution']): string {
  switch (resolution) {
    case 'succeeded':
      return 'Fixed by a later run';
    case 'retried':
      return 'Retried';
    case 'manual':
      return 'Resolved by hand';
    case undefined:
      return 'Resolved';
  }
}

export function ErrorStatusBadge({
  error,
}: {
  error: Pick<RecordError, 'status' | 'resolution' | 'resolvedBy'>;
}) {
  if (error.status === 'open') {
    return (
      <Badge tone="red" dot>
        Open
      </Badge>
    );
  }
  const how = resolutionLabel(error.resolution);
  const who = error.resolvedBy && error.resolvedBy !== 'engine' ? ` by ${error.resolvedBy}` : '';
  return (
    <Badge tone="green" title={`${how}${who}`}>
      Resolved
    </Badge>
  );
}
