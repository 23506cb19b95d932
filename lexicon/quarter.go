package lexicon

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// QuarterOf is t's calendar quarter, "2026Q2".
func QuarterOf(t time.Time) string {
	return fmt.Sprintf("%dQ%d", t.Year(), (int(t.Month())-1)/3+1)
}

// QuarterStart is the first day of a quarter written "2026Q2".
func QuarterStart(q string) (time.Time, bool) {
	if !isQuarter(q) {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(q[:4])
	n := int(q[5] - '0')
	return time.Date(y, time.Month(3*(n-1)+1), 1, 0, 0, 0, 0, time.UTC), true
}

func isQuarter(q string) bool {
	return len(q) == 6 && q[4] == 'Q' && q[5] >= '1' && q[5] <= '4' && allDigits(q[:4])
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Stale reports whether tables of quarter q are older than a date of service by
// more than one quarter (a 2026Q1 file is stale for a note of 2026-07-01, not
// for one of 2026-06-30).
func Stale(q string, dos time.Time) bool {
	start, ok := QuarterStart(q)
	if !ok || dos.IsZero() {
		return false
	}
	return !dos.Before(start.AddDate(0, 6, 0))
}

var (
	// medicare-ncci-2026q2-practitioner-ptp-edits-ccipra-v321r0-f1.zip
	reYearQuarter = regexp.MustCompile(`(?i)(20\d\d)q([1-4])`)
	// ccipra-v321r0-f1.txt: NCCI version 32.1 is 2026Q2 (version 26.0 was 2020Q1).
	reNCCIVersion = regexp.MustCompile(`(?i)v(\d\d)(\d)r\d`)
	// MCR_MUE_PractitionerServices_Eff_01-01-2026.csv
	reEffDate = regexp.MustCompile(`(?i)eff_(\d\d)-(\d\d)-(20\d\d)`)
	// RVU26A.zip, PPRRVU26_JAN.csv, PPRRVU2026_Apr_nonQPP.csv
	rePPRRVU = regexp.MustCompile(`(?i)(?:pprrvu|rvu)(20)?(\d\d)(?:_?(jan|apr|jul|oct)|([a-d])\b)?`)
)

// QuarterFromName reads the quarter a CMS file is for from its name, as CMS
// names them: "…-2026q2-…-ccipra-v321r0-f1.zip", "ccipra-v321r0-f1.txt",
// "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv", "PPRRVU26_APR.csv",
// "RVU26B.zip". It returns "" when the name says nothing.
func QuarterFromName(name string) string {
	base := filepath.Base(name)
	if m := reYearQuarter.FindStringSubmatch(base); m != nil {
		return m[1] + "Q" + m[2]
	}
	if m := reEffDate.FindStringSubmatch(base); m != nil {
		mo, _ := strconv.Atoi(m[1])
		if mo >= 1 && mo <= 12 {
			return fmt.Sprintf("%sQ%d", m[3], (mo-1)/3+1)
		}
	}
	if m := reNCCIVersion.FindStringSubmatch(base); m != nil && strings.Contains(strings.ToLower(base), "cci") {
		major, _ := strconv.Atoi(m[1])
		minor := int(m[2][0] - '0')
		if minor <= 3 {
			return fmt.Sprintf("%dQ%d", 1994+major, minor+1)
		}
	}
	if m := rePPRRVU.FindStringSubmatch(base); m != nil {
		year := "20" + m[2]
		switch strings.ToLower(m[3] + m[4]) {
		case "jan", "a":
			return year + "Q1"
		case "apr", "b":
			return year + "Q2"
		case "jul", "c":
			return year + "Q3"
		case "oct", "d":
			return year + "Q4"
		}
	}
	return ""
}
