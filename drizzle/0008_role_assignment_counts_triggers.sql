-- Written by hand (drizzle-kit generate --custom: it does not model triggers): the triggers that
-- keep role_assignment_counts (0007). Each statement that changes user_roles adds one row per role
-- it changed, first folding into it that role's committed rows no other transaction is folding
-- (SKIP LOCKED: a save never waits on another's lock). A role deleted meanwhile (its assignments
-- going with it) keeps no rows.
CREATE FUNCTION "role_assignment_counts_add"(changed_roles uuid[], changes bigint[]) RETURNS void
LANGUAGE sql AS $$
  WITH folded AS (
    DELETE FROM role_assignment_counts
    WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM role_assignment_counts WHERE role_id = ANY (changed_roles) FOR UPDATE SKIP LOCKED))
    RETURNING role_id, delta
  )
  INSERT INTO role_assignment_counts (role_id, delta)
  SELECT role_id, sum(delta) FROM (
    SELECT role_id, delta FROM folded
    UNION ALL
    SELECT * FROM unnest(changed_roles, changes)
  ) d
  WHERE role_id IN (SELECT id FROM roles)
  GROUP BY role_id
  HAVING sum(delta) <> 0
$$;
--> statement-breakpoint
CREATE FUNCTION "user_roles_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM role_assignment_counts_add(array_agg(role_id), array_agg(n)) FROM (SELECT role_id, count(*) AS n FROM added GROUP BY role_id) c HAVING count(*) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "user_roles_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM role_assignment_counts_add(array_agg(role_id), array_agg(-n)) FROM (SELECT role_id, count(*) AS n FROM removed GROUP BY role_id) c HAVING count(*) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "user_roles_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM role_assignment_counts_add(array_agg(role_id), array_agg(n)) FROM (
    SELECT role_id, sum(n)::bigint AS n FROM (
      SELECT role_id, 1 AS n FROM added UNION ALL SELECT role_id, -1 FROM removed
    ) d GROUP BY role_id HAVING sum(n) <> 0
  ) c HAVING count(*) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "user_roles_emptied"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM role_assignment_counts;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "roles_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM role_assignment_counts WHERE role_id IN (SELECT id FROM gone);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "user_roles_added" AFTER INSERT ON "user_roles" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "user_roles_added"();
--> statement-breakpoint
CREATE TRIGGER "user_roles_removed" AFTER DELETE ON "user_roles" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION "user_roles_removed"();
--> statement-breakpoint
CREATE TRIGGER "user_roles_changed" AFTER UPDATE ON "user_roles" REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "user_roles_changed"();
--> statement-breakpoint
CREATE TRIGGER "user_roles_emptied" AFTER TRUNCATE ON "user_roles" FOR EACH STATEMENT EXECUTE FUNCTION "user_roles_emptied"();
--> statement-breakpoint
CREATE TRIGGER "roles_deleted" AFTER DELETE ON "roles" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "roles_deleted"();
--> statement-breakpoint
INSERT INTO "role_assignment_counts" ("role_id", "delta") SELECT "role_id", count(*) FROM "user_roles" GROUP BY "role_id";
