/**
 * The worker's workflowsPath. Every function exported here becomes a workflow type, so export
 * workflows only; helpers live in their own modules.
 */
export { arrangementWorkflow } from './arrangement-workflow';
export { digestWorkflow } from './digest-workflow';
