package report

import (
	_ "embed"
	"html/template"
	"io"
	"strconv"
	"strings"
	"sync"
)

//go:embed report.html.tmpl
var pageSource string

// page is parsed once, lazily; a parsed template is safe for concurrent use.
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"dollars": dollars,
		"plural":  plural,
		// fileLink vets a URL built by fileURL: only file: URLs (percent-encoded by
		// net/url) are trusted; html/template would otherwise rewrite them to #ZgotmplZ.
		"fileLink": func(s string) template.URL {
			if strings.HasPrefix(s, "file:///") {
				return template.URL(s)
			}
			return ""
		},
	}).Parse(pageSource))
})

// WriteHTML renders the report as one self-contained HTML page. Everything from
// notes and paths is escaped by html/template.
func (r *Report) WriteHTML(w io.Writer) error {
	return page().Execute(w, r)
}

// plural is "1 note", "2 notes".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
