-- Written by hand (drizzle-kit generate --custom): role_assignment_counts (0007, 0008) count a
-- role's live holders from now on, not its assignments. The soft-deleted holders were subtracted as
-- the roles were read, which cost a count of every soft-deleted user's assignments per role: 6.1 s
-- a roles page at 10M users with 100,000 of them soft-deleted. Now an assignment counts while its
-- user is live: a soft delete or restore of users changes their roles' counts as it is saved.
-- Each changed assignment's user is looked up by its id, in a subquery per row, never joined: for
-- a large statement the planner hashes the whole other table (200,000 new assignments at 10M
-- users: all 10M users hashed, 3 s).
CREATE OR REPLACE FUNCTION "user_roles_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM role_assignment_counts_add(array_agg(role_id), array_agg(n)) FROM (
    SELECT a.role_id, count(*) AS n FROM added a
    WHERE (SELECT u.deleted_at IS NULL FROM users u WHERE u.id = a.user_id)
    GROUP BY a.role_id
  ) c HAVING count(*) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A user no longer there was hard-deleted, its assignments going with it: counted as live (one
-- soft-deleted before was counted back just before it went: users_purged).
CREATE OR REPLACE FUNCTION "user_roles_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM role_assignment_counts_add(array_agg(role_id), array_agg(-n)) FROM (
    SELECT r.role_id, count(*) AS n FROM removed r
    WHERE (SELECT u.deleted_at IS NOT NULL FROM users u WHERE u.id = r.user_id) IS NOT TRUE
    GROUP BY r.role_id
  ) c HAVING count(*) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "user_roles_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM role_assignment_counts_add(array_agg(role_id), array_agg(n)) FROM (
    SELECT role_id, sum(n)::bigint AS n FROM (
      SELECT a.role_id, 1 AS n FROM added a WHERE (SELECT u.deleted_at IS NULL FROM users u WHERE u.id = a.user_id)
      UNION ALL
      SELECT r.role_id, -1 FROM removed r WHERE (SELECT u.deleted_at IS NOT NULL FROM users u WHERE u.id = r.user_id) IS NOT TRUE
    ) d GROUP BY role_id HAVING sum(n) <> 0
  ) c HAVING count(*) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- users_changed (0010) also counts, per role, the users a statement soft-deleted (−1 for each role
-- they hold) or restored (+1); a statement that leaves every user's deleted_at as it was joins
-- its rows and writes nothing.
CREATE OR REPLACE FUNCTION "users_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agency_user_counts_add(array_agg(agency_id), array_agg(n)) FROM (
    SELECT agency_id, sum(n)::bigint AS n FROM (
      SELECT agency_id, 1 AS n FROM added WHERE agency_id IS NOT NULL AND deleted_at IS NULL
      UNION ALL
      SELECT agency_id, -1 FROM removed WHERE agency_id IS NOT NULL AND deleted_at IS NULL
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
-- A soft-deleted user about to be hard-deleted: its assignments, not counted, are counted back so
-- that user_roles_removed, which cannot see it any more, takes them off again (net nothing).
-- Row by row, for those rows alone: hard deletes of soft-deleted users are rare (a purge by hand).
CREATE FUNCTION "users_purged"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO role_assignment_counts (role_id, delta) SELECT role_id, 1 FROM user_roles WHERE user_id = OLD.id;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER "users_purged" BEFORE DELETE ON "users" FOR EACH ROW WHEN (OLD.deleted_at IS NOT NULL) EXECUTE FUNCTION "users_purged"();
--> statement-breakpoint
DELETE FROM "role_assignment_counts";
--> statement-breakpoint
INSERT INTO "role_assignment_counts" ("role_id", "delta")
SELECT ur."role_id", count(*) FROM "user_roles" ur JOIN "users" u ON u."id" = ur."user_id" WHERE u."deleted_at" IS NULL GROUP BY ur."role_id";
