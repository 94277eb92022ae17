/**
 * The read model's write as one PostgreSQL function (issue 17, the B3 storm): the summary's upsert and
 * the replacement of its detail rows in one round trip, where `store/read-model.ts` made up to nine
 * (BEGIN, the upsert, three DELETEs, three INSERTs, COMMIT), about twice per reminder.
 *
 * `write_arrangement_summary(summary, details)` takes the rows as jsonb with the tables' snake_case
 * column names as keys (`jsonb_populate_record` maps each onto its column's type: ISO instants onto
 * timestamptz, 'YYYY-MM-DD' onto date, arrays onto text[], nested JSON onto jsonb, null or absent onto
 * NULL), and returns true if it wrote. `details` is null for a summary without details (a workflow from
 * before them): the detail rows are then left as they are. The detail rows take the summary's `ref`,
 * whatever theirs says.
 *
 * Its statements run one after another, each with a snapshot of its own (a VOLATILE function's
 * statements do, under READ COMMITTED): the DELETEs start after the upsert holds the summary's row
 * lock, so they see the detail rows of a concurrent writer that committed while this one waited for
 * it. A single statement deleting and inserting the same keys (data-modifying CTEs) would see neither
 * its own deletions nor that writer's rows.
 *
 * A migration that adds a column to `arrangement_summary` must replace this function (its update
 * lists the columns); a column added to a detail table is written from the key of its name.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function write_arrangement_summary(p_summary jsonb, p_details jsonb) returns boolean
    language plpgsql volatile as $$
    declare
      v_ref text := p_summary ->> 'ref';
    begin
      -- An older or repeated revision changes nothing; the row lock taken here orders concurrent writers.
      insert into arrangement_summary
        select * from jsonb_populate_record(null::arrangement_summary, p_summary)
      on conflict (ref) do update set
        workflow_id = excluded.workflow_id,
        revision = excluded.revision,
        status = excluded.status,
        region = excluded.region,
        types = excluded.types,
        partners = excluded.partners,
        start_date = excluded.start_date,
        end_date = excluded.end_date,
        review_date = excluded.review_date,
        next_deadline_at = excluded.next_deadline_at,
        notified_at = excluded.notified_at,
        updated_at = excluded.updated_at
      where arrangement_summary.revision < excluded.revision;
      if not found then
        return false;
      end if;
      if p_details is null then
        return true;
      end if;

      delete from arrangement_obligation where ref = v_ref;
      delete from arrangement_decision where ref = v_ref;
      delete from arrangement_terms_version where ref = v_ref;
      insert into arrangement_obligation
        select r.* from jsonb_array_elements(p_details -> 'obligations') as e,
          jsonb_populate_record(null::arrangement_obligation, e || jsonb_build_object('ref', v_ref)) as r;
      insert into arrangement_decision
        select r.* from jsonb_array_elements(p_details -> 'decisions') as e,
          jsonb_populate_record(null::arrangement_decision, e || jsonb_build_object('ref', v_ref)) as r;
      insert into arrangement_terms_version
        select r.* from jsonb_array_elements(p_details -> 'versions') as e,
          jsonb_populate_record(null::arrangement_terms_version, e || jsonb_build_object('ref', v_ref)) as r;
      return true;
    end
    $$
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists write_arrangement_summary(jsonb, jsonb)`.execute(db);
}
