DROP INDEX "users_name_idx";--> statement-breakpoint
DROP INDEX "users_email_idx";--> statement-breakpoint
CREATE INDEX "users_name_idx" ON "users" USING btree ("name","id","deleted_at","is_active","created_at","updated_at");--> statement-breakpoint
CREATE INDEX "users_email_idx" ON "users" USING btree ("email","id","deleted_at","is_active","created_at","updated_at");