// What the top bar and the shortcuts do with the flow as a whole: save a version (creating the flow
// the first time), run it now, switch it on or off.
import { useCallback, useState } from 'react';
import { useLocation } from 'wouter';
import { api } from '../../api/client.ts';
import { describeError } from '../../api/http.ts';
import { toast } from '../../ui/toast.tsx';
import { useEditor } from '../editor-store.ts';
import { seedRun } from '../run/use-flow-runs.ts';
import { plainIssue } from './node-summary.ts';

/** Saves the draft as a new version; refuses (with the first problem) while validation fails. */
export function useSaveFlow(): (message?: string) => Promise<void> {
  const [, navigate] = useLocation();
  return useCallback(
    async (message?: string) => {
      const editor = useEditor.getState();
      if (!editor.dirty || editor.saving || editor.mode === 'readonly') return;
      const [first] = editor.issues;
      if (first !== undefined) {
        const count = editor.issues.length;
        toast.error(
          `Fix ${count === 1 ? 'the problem' : `${count} problems`} before saving`,
          plainIssue(first.message),
        );
        if (first.nodeId !== undefined) editor.select([first.nodeId]);
        return;
      }
      const creating = editor.flowId === undefined;
      try {
        const outcome = await editor.save(message);
        if (outcome.ok) {
          toast.success(creating ? 'Flow created' : 'Saved', `Version ${outcome.version ?? ''}`.trim());
          const flowId = useEditor.getState().flowId;
          if (creating && flowId !== undefined) navigate(`/flows/${flowId}`, { replace: true });
        } else if (outcome.conflict) {
          toast.error(
            'Not saved: someone else saved first',
            'Choose which version to keep above the canvas.',
          );
        } else if (outcome.message) {
          toast.info(outcome.message);
        }
      } catch (error) {
        toast.error('Could not save', describeError(error));
      }
    },
    [navigate],
  );
}

/** Starts a run of the saved flow; `onStarted` shows it (the Run tab). */
export function useRunNow(flowId: string | undefined, onStarted: () => void) {
  const [starting, setStarting] = useState(false);
  const run = useCallback(async () => {
    if (flowId === undefined) return;
    setStarting(true);
    try {
      const started = await api.flows.runNow(flowId);
      seedRun(started);
      toast.success('Run started', 'Counters update live on the canvas and in the Run tab', {
        href: `/runs/${started.id}`,
        label: 'Open the run',
      });
      onStarted();
    } catch (error) {
      toast.error('Could not start the run', describeError(error));
    } finally {
      setStarting(false);
    }
  }, [flowId, onStarted]);
  return { run, starting };
}

/** Switches the saved flow on or off (admins). */
export function useSwitchFlow(flowId: string | undefined) {
  const [switching, setSwitching] = useState(false);
  const switchTo = useCallback(
    async (enabled: boolean) => {
      if (flowId === undefined) return;
      setSwitching(true);
      try {
        const state = await api.flows.setEnabled(flowId, enabled);
        useEditor.getState().setEnabled(state.enabled);
        toast.success(state.enabled ? 'Flow enabled' : 'Flow disabled');
      } catch (error) {
        toast.error(
          enabled ? 'Could not enable the flow' : 'Could not disable the flow',
          describeError(error),
        );
      } finally {
        setSwitching(false);
      }
    },
    [flowId],
  );
  return { switchTo, switching };
}
