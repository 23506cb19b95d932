package note

import (
	"regexp"
	"strings"
)

// directiveRE matches soaplint-disable / -enable / -disable-next-line with an
// optional list of rule IDs, as written in a bracket or comment line
// ("[soaplint-disable goal/no-timeframe]", "<!-- soaplint-enable -->", "# soaplint-disable").
var directiveRE = regexp.MustCompile(`soaplint-(disable-next-line|disable|enable)\b([A-Za-z0-9/_\-, \t]*)`)

// Names reports whether the directive applies to rule.
func (d Directive) Names(rule string) bool {
	if len(d.Rules) == 0 {
		return true
	}
	for _, r := range d.Rules {
		if r == rule {
			return true
		}
	}
	return false
}

// parseDirectives finds inline directives in text.
func parseDirectives(text string) []Directive {
	if !strings.Contains(text, "soaplint-") {
		return nil
	}
	var out []Directive
	for _, m := range directiveRE.FindAllStringSubmatchIndex(text, -1) {
		d := Directive{Range: Range{m[0], m[1]}}
		switch text[m[2]:m[3]] {
		case "disable":
			d.Kind = Disable
		case "enable":
			d.Kind = Enable
		default:
			d.Kind = DisableNextLine
		}
		for _, f := range strings.FieldsFunc(text[m[4]:m[5]], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			d.Rules = append(d.Rules, f)
		}
		out = append(out, d)
	}
	return out
}
