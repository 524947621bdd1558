// "Sync selected records": the ids of source records to push through a flow right now.
import { useState, type FormEvent } from 'react';
import type { FlowSummary } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { describeError } from '../../api/http.ts';
import { Button, Dialog, TextArea } from '../../ui/components.tsx';
import { toast } from '../../ui/toast.tsx';
import { endpointText, type FlowProfile } from './flow-profile.ts';
import { MAX_SOURCE_IDS, parseSourceIds } from './source-ids.ts';

export function SyncSelectedDialog({
  flow,
  profile,
  onClose,
}: {
  flow: FlowSummary;
  profile: FlowProfile | undefined;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const parsed = parseSourceIds(text);
  // Too many ids is worth saying at once; an empty box only once they try to send it.
  const showError = parsed.error !== undefined && (tried || parsed.ids.length > 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (parsed.error) return;
    setBusy(true);
    try {
      const run = await api.flows.syncSelected(flow.id, parsed.ids);
      toast.success(`Syncing ${countText(parsed.ids.length)} of ${flow.name}`, 'The run is queued.', {
        href: `/runs/${run.id}`,
        label: 'Open the run',
      });
      onClose();
    } catch (error) {
      toast.error('Could not start the sync', describeError(error));
      setBusy(false);
    }
  };

  const source = profile?.source;
  const formId = `sync-${flow.id}`;
  return (
    <Dialog
      open
      title={`Sync selected records of ${flow.name}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form={formId} icon="sync" busy={busy}>
            Sync records
          </Button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={(event) => void submit(event)} noValidate>
        <p className="muted">
          Runs these records through the flow now, whatever their last change. Useful after fixing data in the
          source system.
        </p>
        <TextArea
          label="Source record ids"
          className="mono"
          rows={8}
          value={text}
          autoFocus
          spellCheck={false}
          placeholder={'1042\n1043, 1044'}
          onChange={(event) => setText(event.target.value)}
          error={showError ? parsed.error : undefined}
          hint={
            <>
              One id per line or separated by commas, up to {MAX_SOURCE_IDS.toLocaleString('en')}.
              {source && (
                <>
                  {' '}
                  Ids of {endpointText(source)}
                  {profile?.idField ? ` (field ${profile.idField})` : ''}.
                </>
              )}
            </>
          }
        />
        <p className="flows-sync__count num" aria-live="polite">
          {countText(parsed.ids.length)}
          {parsed.duplicates > 0 &&
            `, ${parsed.duplicates} ${parsed.duplicates === 1 ? 'duplicate' : 'duplicates'} left out`}
        </p>
      </form>
    </Dialog>
  );
}

function countText(count: number): string {
  return `${count.toLocaleString('en')} ${count === 1 ? 'record' : 'records'}`;
}
