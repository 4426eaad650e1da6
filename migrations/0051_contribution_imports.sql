-- Migration number: 0051 	 What an import of a contribution needs (issue 12 items 2–3), recorded by an editor:
-- issuer, document number, adoption and publication days, version, which part of a county file
-- belongs to which township, duplicates; `import_ready` marks it for `npm run contributions:pull`,
-- which writes the parse preview back (`preview`, JSON: items per part, headings not recognised,
-- rows not placed). The worker never parses a contributed file.

ALTER TABLE contributions ADD COLUMN import_ready INTEGER NOT NULL DEFAULT 0 CHECK (import_ready IN (0, 1));
ALTER TABLE contributions ADD COLUMN issuer TEXT;
ALTER TABLE contributions ADD COLUMN document_number TEXT;
ALTER TABLE contributions ADD COLUMN adopted_on TEXT;
ALTER TABLE contributions ADD COLUMN published_on TEXT;
ALTER TABLE contributions ADD COLUMN version TEXT;
-- JSON array, one entry per township: {"township": "431027102"} for a file of one township, or with
-- where its part is: {"township": …, "sheet": "清泉镇"} | {"heading": "清泉镇"} | {"pages": "3-7"}.
ALTER TABLE contributions ADD COLUMN township_parts TEXT;
ALTER TABLE contributions ADD COLUMN duplicate_of TEXT;
ALTER TABLE contributions ADD COLUMN preview TEXT;

CREATE INDEX contributions_import_ready ON contributions (import_ready) WHERE import_ready = 1;
