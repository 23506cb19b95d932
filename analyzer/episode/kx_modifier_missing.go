package episode

import "github.com/soaplint/soaplint/analyzer"

// KXModifierMissing flags charge lines past the year's KX threshold without KX.
var KXModifierMissing = &analyzer.Rule{
	ID:       "episode/kx-modifier-missing",
	Severity: analyzer.Warning,
	Doc:      `Flags each charge line without the KX modifier from the line whose running total first passes the calendar year's KX threshold ($2,410 in CY2025, $2,480 in CY2026) onward. Medicare counts a patient's outpatient therapy charges per calendar year, PT and SLP together and OT on its own; above the threshold each line needs KX to attest that the services remain medically necessary, or it is denied. Charges are priced at the national non-facility fee (total RVU × the year's conversion factor, from the fee table in use — see soaplint data status), without the multiple-procedure reduction or a locality adjustment, so the estimate reaches the threshold no later than the real claims do. Codes outside the fee table count $0. Adding KX is the clinician's attestation, so the fix is a suggestion.`,
	Source:   "Social Security Act §1833(g) as amended by the Bipartisan Budget Act of 2018; Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.3; CMS annual KX threshold (PFS final rule); thresholds in lexicon/data/payment_rules.tsv",
	Profiles: []analyzer.Profile{analyzer.Medicare},
}
