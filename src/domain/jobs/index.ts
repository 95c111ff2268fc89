// Delayed work run by the worker loop (src/jobs/worker.ts): timers and notifications of the process
// engine, later webhooks. Schedule and cancel inside the transaction that decides them.
export type { Job, JobPayload, JobState, RetryPolicy } from './jobs.ts';
export { DEFAULT_RETRY_POLICY, describeJobError, retryDelayMs } from './jobs.ts';
export { cancelJobs, scheduleJob, type ScheduleJobInput } from './schedule-job.ts';
export { claimDueJob, claimJobById, completeJob, failJob } from './claim-job.ts';
export { findJobs } from './find-jobs.ts';
