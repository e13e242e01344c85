-- Written by hand (drizzle-kit generate --custom: it does not model triggers): the triggers that
-- keep agency_user_counts (0009), as 0008 keeps role_assignment_counts. A user counts for its
-- agency while live (deleted_at null). Each statement that changes users adds one row per agency
-- whose count it changed (a save editing names or emails changes none, and writes nothing), first
-- folding into it that agency's committed rows no other transaction is folding (SKIP LOCKED: a
-- save never waits on another's lock). An agency deleted meanwhile keeps no rows.
CREATE FUNCTION "agency_user_counts_add"(changed_agencies uuid[], changes bigint[]) RETURNS void
LANGUAGE sql AS $$
  WITH folded AS (
    DELETE FROM agency_user_counts
    WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM agency_user_counts WHERE agency_id = ANY (changed_agencies) FOR UPDATE SKIP LOCKED))
    RETURNING agency_id, delta
  )
  INSERT INTO agency_user_counts (agency_id, delta)
  SELECT agency_id, sum(delta) FROM (
    SELECT agency_id, delta FROM folded
    UNION ALL
    SELECT * FROM unnest(changed_agencies, changes)
  ) d
  WHERE agency_id IN (SELECT id FROM agencies)
  GROUP BY agency_id
  HAVING sum(delta) <> 0
$$;
--> statement-breakpoint
CREATE FUNCTION "users_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agency_user_counts_add(array_agg(agency_id), array_agg(n)) FROM (
    SELECT agency_id, count(*) AS n FROM added WHERE agency_id IS NOT NULL AND deleted_at IS NULL GROUP BY agency_id
  ) c HAVING count(*) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "users_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agency_user_counts_add(array_agg(agency_id), array_agg(-n)) FROM (
    SELECT agency_id, count(*) AS n FROM removed WHERE agency_id IS NOT NULL AND deleted_at IS NULL GROUP BY agency_id
  ) c HAVING count(*) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "users_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agency_user_counts_add(array_agg(agency_id), array_agg(n)) FROM (
    SELECT agency_id, sum(n)::bigint AS n FROM (
      SELECT agency_id, 1 AS n FROM added WHERE agency_id IS NOT NULL AND deleted_at IS NULL
      UNION ALL
      SELECT agency_id, -1 FROM removed WHERE agency_id IS NOT NULL AND deleted_at IS NULL
    ) d GROUP BY agency_id HAVING sum(n) <> 0
  ) c HAVING count(*) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "users_emptied"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM agency_user_counts;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "agencies_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM agency_user_counts WHERE agency_id IN (SELECT id FROM gone);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "users_added" AFTER INSERT ON "users" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "users_added"();
--> statement-breakpoint
CREATE TRIGGER "users_removed" AFTER DELETE ON "users" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION "users_removed"();
--> statement-breakpoint
CREATE TRIGGER "users_changed" AFTER UPDATE ON "users" REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "users_changed"();
--> statement-breakpoint
CREATE TRIGGER "users_emptied" AFTER TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "users_emptied"();
--> statement-breakpoint
CREATE TRIGGER "agencies_deleted" AFTER DELETE ON "agencies" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "agencies_deleted"();
--> statement-breakpoint
INSERT INTO "agency_user_counts" ("agency_id", "delta") SELECT "agency_id", count(*) FROM "users" WHERE "agency_id" IS NOT NULL AND "deleted_at" IS NULL GROUP BY "agency_id";
