DROP INDEX "users_agency_id_idx";--> statement-breakpoint
CREATE INDEX "users_agency_id_idx" ON "users" USING btree ("agency_id","id","deleted_at","is_active","created_at","updated_at");