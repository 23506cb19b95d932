package format

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// checkstyleWriter writes Checkstyle XML (<checkstyle><file><error/></file>),
// which many CI dashboards read. Input errors appear as errors with source
// "soaplint.input".
type checkstyleWriter struct {
	w       io.Writer
	started bool
}

func xmlAttr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	// EscapeText leaves quotes alone in text; attributes need them escaped.
	return strings.ReplaceAll(b.String(), `"`, "&#34;")
}

func (c *checkstyleWriter) begin() error {
	c.started = true
	_, err := io.WriteString(c.w, xml.Header+`<checkstyle version="4.3">`+"\n")
	return err
}

func (c *checkstyleWriter) Note(n *Note) error {
	if !c.started {
		if err := c.begin(); err != nil {
			return err
		}
	}
	var b strings.Builder
	if n.Err != nil {
		fmt.Fprintf(&b, "<file name=\"%s\">\n", xmlAttr(n.Err.Path))
		line := max(n.Err.Line, 1)
		fmt.Fprintf(&b, "<error line=\"%d\" column=\"1\" severity=\"error\" message=\"%s\" source=\"soaplint.input\"/>\n",
			line, xmlAttr(n.Err.Msg))
	} else {
		fmt.Fprintf(&b, "<file name=\"%s\">\n", xmlAttr(n.Name()))
		for _, d := range n.Diagnostics {
			fmt.Fprintf(&b, "<error line=\"%d\" column=\"%d\" severity=\"%s\" message=\"%s\" source=\"soaplint.%s\"/>\n",
				d.Line, d.Column, d.Severity, xmlAttr(d.Message), xmlAttr(d.Rule))
		}
	}
	b.WriteString("</file>\n")
	_, err := io.WriteString(c.w, b.String())
	return err
}

func (c *checkstyleWriter) Close(*Summary) error {
	if !c.started {
		if err := c.begin(); err != nil {
			return err
		}
	}
	_, err := io.WriteString(c.w, "</checkstyle>\n")
	return err
}

// githubWriter writes GitHub Actions workflow commands
// (::warning file=F,line=L,col=C,endLine=..,endColumn=..,title=RULE::message).
type githubWriter struct{ w io.Writer }

// ghData escapes a command's message; ghProp escapes a property value. Line
// breaks get GitHub's own escapes; other characters that are not printable (an
// escape sequence, U+2028) are written as Go escapes, so no name or message can
// end a command or rewrite the log.
func ghData(s string) string {
	return oneLine(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s))
}

func ghProp(s string) string {
	return oneLine(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s))
}

func ghLevel(sev string) string {
	switch sev {
	case "error", "warning":
		return sev
	}
	return "notice"
}

func (g *githubWriter) Note(n *Note) error {
	var b strings.Builder
	if n.Err != nil {
		fmt.Fprintf(&b, "::error file=%s", ghProp(n.Err.Path))
		if n.Err.Line > 0 {
			fmt.Fprintf(&b, ",line=%d", n.Err.Line)
		}
		fmt.Fprintf(&b, ",title=soaplint::%s\n", ghData(n.Err.Msg))
	}
	file := n.Path
	for _, d := range n.Diagnostics {
		line, endLine := d.Line, d.EndLine
		msg := d.Message
		if n.Record > 0 {
			// Annotations point at the export's line; say which record it is.
			line, endLine = n.Record, n.Record
			msg = fmt.Sprintf("%s (record %s, line %d of its text)", msg, n.Name(), d.Line)
			fmt.Fprintf(&b, "::%s file=%s,line=%d,endLine=%d,title=%s::%s\n",
				ghLevel(d.Severity), ghProp(file), line, endLine, ghProp(d.Rule), ghData(msg))
			continue
		}
		fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			ghLevel(d.Severity), ghProp(file), line, d.Column, endLine, d.EndColumn, ghProp(d.Rule), ghData(msg))
	}
	_, err := io.WriteString(g.w, b.String())
	return err
}

func (g *githubWriter) Close(*Summary) error { return nil }
