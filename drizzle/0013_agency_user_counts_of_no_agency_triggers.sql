-- Written by hand (drizzle-kit generate --custom): agency_user_counts (0009, 0010) also keeps the
-- live users of no agency, under a null agency_id (0012 lets it be null). The sum of all its rows is
-- then the number of live users: the total of the unfiltered users grid, exact at any size from a
-- few rows, where a count reads every user (10M users: ~1 s, while the grid shows an estimate and
-- Ctrl+End lands on its end first), as is the total of the users of no agency.
CREATE OR REPLACE FUNCTION "agency_user_counts_add"(changed_agencies uuid[], changes bigint[]) RETURNS void
LANGUAGE sql AS $$
  WITH folded AS (
    DELETE FROM agency_user_counts
    WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM agency_user_counts
      WHERE agency_id = ANY (changed_agencies) OR (agency_id IS NULL AND array_position(changed_agencies, NULL) IS NOT NULL)
      FOR UPDATE SKIP LOCKED))
    RETURNING agency_id, delta
  )
  INSERT INTO agency_user_counts (agency_id, delta)
  SELECT agency_id, sum(delta) FROM (
    SELECT agency_id, delta FROM folded
    UNION ALL
    SELECT * FROM unnest(changed_agencies, changes)
  ) d
  WHERE agency_id IS NULL OR agency_id IN (SELECT id FROM agencies)
  GROUP BY agency_id
  HAVING sum(delta) <> 0
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "users_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agency_user_counts_add(array_agg(agency_id), array_agg(n)) FROM (
    SELECT agency_id, count(*) AS n FROM added WHERE deleted_at IS NULL GROUP BY agency_id
  ) c HAVING count(*) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "users_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agency_user_counts_add(array_agg(agency_id), array_agg(-n)) FROM (
    SELECT agency_id, count(*) AS n FROM removed WHERE deleted_at IS NULL GROUP BY agency_id
  ) c HAVING count(*) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- As in 0011, the users of no agency counted too.
CREATE OR REPLACE FUNCTION "users_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agency_user_counts_add(array_agg(agency_id), array_agg(n)) FROM (
    SELECT agency_id, sum(n)::bigint AS n FROM (
      SELECT agency_id, 1 AS n FROM added WHERE deleted_at IS NULL
      UNION ALL
      SELECT agency_id, -1 FROM removed WHERE deleted_at IS NULL
    ) d GROUP BY agency_id HAVING sum(n) <> 0
  ) c HAVING count(*) > 0;
  -- Each such user's roles read from its own entries of the assignments' primary key (an array
  -- subquery per user, never a join, which for many users could hash all the assignments).
  PERFORM role_assignment_counts_add(array_agg(role_id), array_agg(n)) FROM (
    SELECT role_id, sum(n)::bigint AS n FROM (
      SELECT unnest(ARRAY(SELECT ur.role_id FROM user_roles ur WHERE ur.user_id = a.id)) AS role_id,
             CASE WHEN a.deleted_at IS NULL THEN 1 ELSE -1 END AS n
      FROM added a JOIN removed r ON r.id = a.id
      WHERE (a.deleted_at IS NULL) <> (r.deleted_at IS NULL)
    ) d GROUP BY role_id HAVING sum(n) <> 0
  ) c HAVING count(*) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
INSERT INTO "agency_user_counts" ("agency_id", "delta") SELECT NULL, count(*) FROM "users" WHERE "agency_id" IS NULL AND "deleted_at" IS NULL HAVING count(*) > 0;
