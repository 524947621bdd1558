// What one version changed compared with the version before it, as sentences with expressions in code.
import { useMemo } from 'react';
import type { FlowVersionSummary } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { describeError } from '../../api/http.ts';
import { useResource } from '../../api/use-resource.ts';
import { Button, Spinner } from '../../ui/components.tsx';
import { timeAgo } from '../../ui/format.ts';
import { Icon } from '../../ui/icons.tsx';
import { describeChanges, nodesById, type ChangeSentence } from './change-sentences.ts';

export function VersionChanges({ flowId, version }: { flowId: string; version: FlowVersionSummary }) {
  const first = version.version === 1;
  const detail = useResource(async () => {
    const [diff, doc] = await Promise.all([
      first ? Promise.resolve(undefined) : api.flows.diff(flowId, version.version - 1, version.version),
      api.flows.version(flowId, version.version),
    ]);
    return { diff, doc };
  }, [flowId, version.version, first]);
  const described = useMemo(() => {
    const { diff, doc } = detail.data ?? {};
    return diff && doc ? describeChanges(diff.changes, nodesById(doc.flow.nodes)) : undefined;
  }, [detail.data]);

  const byline = (
    <p className="history__byline">
      {first ? 'Created' : 'Changed'} by <strong>{version.author}</strong> ({timeAgo(version.createdAt)})
    </p>
  );

  if (detail.state === 'loading' && !detail.data) {
    return (
      <div className="history__loading">
        <Spinner label="Loading changes" /> Loading changes…
      </div>
    );
  }
  if (detail.state === 'error') {
    return (
      <div className="history__problem" role="alert">
        Could not load the changes: {describeError(detail.error)}{' '}
        <Button size="sm" variant="ghost" icon="refresh" onClick={detail.reload}>
          Try again
        </Button>
      </div>
    );
  }
  if (first) {
    const nodes = detail.data?.doc.flow.nodes.length ?? 0;
    return (
      <>
        {byline}
        <p className="history__empty">
          First version of the flow, with {nodes} {nodes === 1 ? 'node' : 'nodes'}.
        </p>
      </>
    );
  }
  if (!described) return null;
  const nothing = described.sentences.length === 0 && described.cosmetic === undefined;
  return (
    <>
      {byline}
      {nothing ? (
        <p className="history__empty">No changes from v{version.version - 1}.</p>
      ) : (
        <ul className="history__sentences" aria-label={`Changes in v${version.version}`}>
          {described.sentences.map((sentence, index) => (
            <Sentence key={index} sentence={sentence} />
          ))}
          {described.cosmetic && (
            <li className="history__sentence history__sentence--cosmetic">
              <span className="history__mark" aria-hidden="true">
                <Icon name="grip" size={12} />
              </span>
              <span>{described.cosmetic}</span>
            </li>
          )}
        </ul>
      )}
    </>
  );
}

function Sentence({ sentence }: { sentence: ChangeSentence }) {
  return (
    <li className={`history__sentence history__sentence--${sentence.tone}`}>
      <span
        className={sentence.nodeType ? `history__mark history__mark--${sentence.nodeType}` : 'history__mark'}
        aria-hidden="true"
      >
        {sentence.tone === 'added' ? '+' : sentence.tone === 'removed' ? '−' : '•'}
      </span>
      <div className="history__sentence-body">
        <p>
          {sentence.segments.map((segment, index) =>
            'code' in segment ? (
              <code key={index} className="history__code">
                {segment.code}
              </code>
            ) : (
              <span key={index}>{segment.text}</span>
            ),
          )}
        </p>
        {sentence.block && (
          <div className="history__block">
            {sentence.block.before !== undefined && (
              <div className="history__block-side history__block-side--before">
                <span className="history__block-label">Before</span>
                <pre className="code-block">{sentence.block.before}</pre>
              </div>
            )}
            {sentence.block.after !== undefined && (
              <div className="history__block-side history__block-side--after">
                <span className="history__block-label">After</span>
                <pre className="code-block">{sentence.block.after}</pre>
              </div>
            )}
          </div>
        )}
      </div>
    </li>
  );
}
