/**
 * What an operator sees in the Temporal Web UI: each action's Update is named after it (the generic
 * 'command' Update is still served for arrangements and clients from before), and the Queries and
 * Updates carry descriptions in the workflow's metadata.
 */
import { commandsToReachReady } from '../domain/fixtures';
import {
  act,
  leadCommissioningTermsForFinancialYear,
  recordingActivities,
  refusalOf,
  stateOf,
  timeSkippingEnvPerTest,
  withArrangement,
} from '../helpers/arrangements';
import { actionUpdate, commandUpdate } from '../../workflows/contract';

const env = timeSkippingEnvPerTest('2040-01-02T12:00');
const terms = leadCommissioningTermsForFinancialYear(2040);
const [submit, second] = commandsToReachReady(terms);

interface Definition {
  name?: string;
  description?: string;
}
interface WorkflowMetadata {
  definition?: { queryDefinitions?: Definition[]; updateDefinitions?: Definition[] };
}

describe('names and descriptions for the Web UI (time-skipping server)', () => {
  test('when an action is sent, then its Update in the history is named after the action, and the generic name still works', async () => {
    await withArrangement(env(), recordingActivities(), terms, async ({ handle }) => {
      await act(handle, submit!);
      // The generic Update, as arrangements and clients from before send it, is still served.
      await handle.executeUpdate(commandUpdate, { args: [{ command: second!.command, actor: second!.actor }] });
      const history = await handle.fetchHistory();
      const names = (history.events ?? []).flatMap((e) => {
        const name = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
        return name ? [name] : [];
      });
      expect(names).toEqual(['submitProposal', 'command']);
      expect((await stateOf(handle)).audit.map((a) => a.action)).toEqual(expect.arrayContaining(['submitProposal', second!.command.type]));
    });
  });

  test("when a command is sent under another action's Update name, then it is refused and nothing changes", async () => {
    await withArrangement(env(), recordingActivities(), terms, async ({ handle }) => {
      const before = await stateOf(handle);
      const misnamed = handle.executeUpdate(actionUpdate('abandon'), { args: [{ command: submit!.command, actor: submit!.actor }] });
      expect(await refusalOf(misnamed)).toMatchObject({ code: 'invalidCommand', path: ['command', 'type'] });
      expect((await stateOf(handle)).audit).toHaveLength(before.audit.length);
    });
  });

  test('when the workflow metadata is read, then every Query and Update has a description', async () => {
    await withArrangement(env(), recordingActivities(), terms, async ({ handle }) => {
      const metadata = await handle.query<WorkflowMetadata>('__temporal_workflow_metadata');
      const queries = metadata.definition?.queryDefinitions ?? [];
      const updates = metadata.definition?.updateDefinitions ?? [];
      expect(queries.map((q) => q.name)).toEqual(expect.arrayContaining(['state', 'whyWaiting']));
      expect(updates.map((u) => u.name)).toEqual(expect.arrayContaining(['command', 'submitProposal', 'approve', 'proposeVariation']));
      const undescribed = [...queries, ...updates].filter((d) => !d.name?.startsWith('__') && !d.description);
      expect(undescribed).toEqual([]);
      expect(queries.find((q) => q.name === 'whyWaiting')?.description).toMatch(/waiting for, who must act, by when/);
    });
  });
});
