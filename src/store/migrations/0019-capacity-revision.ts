import { sql, type Kysely } from 'kysely';

/**
 * `listings.capacity_revision`: a counter that changes whenever anything a listing's free capacity
 * is computed from changes — its availability plan, its availability exceptions, its bookings
 * (created, moved, state changed, deleted). Readers key cached capacity results (time slots) by
 * `(listing, revision)`: a result cached under a revision can only be served while that revision is
 * the newest committed one, because the bump commits atomically with the change.
 *
 * The database keeps the counter with triggers rather than every write path remembering to: a
 * forgotten bump would serve stale availability, and seeds, operator scripts and future write paths
 * are covered too. Bookings and exceptions bump with statement-level triggers (one update per
 * touched listing per statement, whatever the number of rows); the write paths already hold the
 * listing's row lock (lockListing), so the bump adds no new lock order. A plan change bumps in a
 * row trigger before the listing's own update.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table listings add column capacity_revision bigint not null default 0`.execute(db);

  // One function for the three events: PL/pgSQL plans a statement when it first runs, so the
  // branch naming a transition table the trigger lacks is never planned.
  await sql`
    create function bump_capacity_revision() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update listings set capacity_revision = capacity_revision + 1
          where id in (select listing_id from new_rows);
      elsif tg_op = 'DELETE' then
        update listings set capacity_revision = capacity_revision + 1
          where id in (select listing_id from old_rows);
      else
        update listings set capacity_revision = capacity_revision + 1
          where id in (select listing_id from new_rows union select listing_id from old_rows);
      end if;
      return null;
    end $$
  `.execute(db);

  for (const table of ['bookings', 'availability_exceptions']) {
    const t = sql.id(table);
    const name = (event: string) => sql.id(`${table}_capacity_revision_${event}`);
    await sql`
      create trigger ${name('insert')} after insert on ${t}
        referencing new table as new_rows
        for each statement execute function bump_capacity_revision()
    `.execute(db);
    await sql`
      create trigger ${name('update')} after update on ${t}
        referencing new table as new_rows old table as old_rows
        for each statement execute function bump_capacity_revision()
    `.execute(db);
    await sql`
      create trigger ${name('delete')} after delete on ${t}
        referencing old table as old_rows
        for each statement execute function bump_capacity_revision()
    `.execute(db);
  }

  await sql`
    create function bump_capacity_revision_plan() returns trigger language plpgsql as $$
    begin
      if new.availability_plan is distinct from old.availability_plan then
        new.capacity_revision := old.capacity_revision + 1;
      end if;
      return new;
    end $$
  `.execute(db);
  await sql`
    create trigger listings_capacity_revision_plan before update of availability_plan on listings
      for each row execute function bump_capacity_revision_plan()
  `.execute(db);
}
