/**
 * What a workflow's history shows of its activities: which ran as activity tasks on the server, and
 * which as local activities in the worker (one `core_local_activity` marker each, whose data names the
 * activity type).
 */
import type { WorkflowHandle } from '@temporalio/client';

/** A history's length, the activity types it scheduled on the server, and the types of its local activities, in order. */
export async function activitiesOfHistory(handle: WorkflowHandle): Promise<{ events: number; scheduled: string[]; local: string[] }> {
  const events = (await handle.fetchHistory()).events ?? [];
  return {
    events: events.length,
    scheduled: events.flatMap((e) => {
      const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
      return name ? [name] : [];
    }),
    local: events.flatMap((e) => {
      const marker = e.markerRecordedEventAttributes;
      if (marker?.markerName !== 'core_local_activity') return [];
      const data = marker.details?.['data']?.payloads?.[0]?.data;
      const parsed = data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }) : {};
      return [parsed.activity_type ?? 'unknown'];
    }),
  };
}
