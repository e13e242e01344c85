DROP INDEX "user_roles_role_id_idx";--> statement-breakpoint
CREATE INDEX "user_roles_role_id_user_id_idx" ON "user_roles" USING btree ("role_id","user_id");