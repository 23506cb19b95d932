package report

import (
	"bufio"
	"context"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// chromium returns the headless browser to render with. Missing, the test skips
// on a developer machine and fails in CI (CI=true), where .ci/install-deps.sh
// installs Debian's chromium.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed (CI must install it: apt-get install -y chromium)")
	}
	t.Skip("chromium not installed; set CI=true to make this a failure")
	return ""
}

// proxy is an HTTP proxy that answers nothing and records the host of every
// request the browser sends through it: with --proxy-server pointing here and
// loopback not bypassed, every http(s) request the page makes arrives here.
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	hosts []string
}

// browserHosts are the browser's own background services, which Chromium
// contacts on start-up whatever the page; they say nothing about the page.
var browserHosts = map[string]bool{
	"update.googleapis.com": true, "accounts.google.com": true,
	"clients2.google.com": true, "clientservices.googleapis.com": true,
	"safebrowsingohttpgateway.googleapis.com": true, "optimizationguide-pa.googleapis.com": true,
	"content-autofill.googleapis.com": true, "redirector.gvt1.com": true,
}

func startProxy(t *testing.T) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				line, _ := bufio.NewReader(c).ReadString('\n')
				f := strings.Fields(line) // METHOD TARGET PROTO
				if len(f) < 2 {
					return
				}
				host := f[1]
				if u, err := url.Parse(f[1]); err == nil && u.Host != "" {
					host = u.Host
				}
				if h, _, err := net.SplitHostPort(host); err == nil {
					host = h
				}
				p.mu.Lock()
				p.hosts = append(p.hosts, host)
				p.mu.Unlock()
				c.Write([]byte("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
			}()
		}
	}()
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return p
}

// pageRequests are the hosts requested other than the browser's own services.
func (p *proxy) pageRequests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, h := range p.hosts {
		if !browserHosts[h] {
			out = append(out, h)
		}
	}
	return out
}

// dumpDOM loads file in headless Chromium through the recording proxy and returns
// the DOM after load.
func dumpDOM(t *testing.T, bin string, p *proxy, file string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-extensions", "--disable-default-apps", "--no-pings", "--disable-domain-reliability",
		"--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate,AutofillServerCommunication",
		"--user-data-dir="+t.TempDir(),
		"--proxy-server=http://"+p.ln.Addr().String(), "--proxy-bypass-list=<-loopback>",
		"--dump-dom", (&url.URL{Scheme: "file", Path: file}).String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	return string(out)
}

// TestControlPageIsCaught shows that the proxy sees a page's request, so the
// report test's "no request" is meaningful.
func TestControlPageIsCaught(t *testing.T) {
	bin := chromium(t)
	p := startProxy(t)
	file := filepath.Join(t.TempDir(), "control.html")
	os.WriteFile(file, []byte(`<!DOCTYPE html><p id="c">x</p><img src="http://soaplint-control.test/pixel.png">`), 0o600)
	dom := dumpDOM(t, bin, p, file)
	if !strings.Contains(dom, `id="c"`) {
		t.Fatalf("control page did not render")
	}
	if got := p.pageRequests(); !strings.Contains(strings.Join(got, " "), "soaplint-control.test") {
		t.Errorf("proxy saw %q; want the control page's request to soaplint-control.test", got)
	}
}

// TestReportInChromium renders a report in headless Chromium and checks that the
// charts and the worst-notes table are in the rendered DOM and that the page
// made no network request.
func TestReportInChromium(t *testing.T) {
	bin := chromium(t)
	var entries []Entry
	for i, who := range []string{"J. Doe", "R. Roe", "A. Lee"} {
		entries = append(entries, Entry{
			Path:   filepath.Join("notes", "n"+string(rune('1'+i))+".txt"),
			Result: fixture(t, who, time.Date(2025, 3, 3+7*i, 0, 0, 0, 0, time.UTC)),
		})
	}
	html := render(t, entries)
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, []byte(html), 0o600); err != nil {
		t.Fatal(err)
	}
	p := startProxy(t)
	dom := dumpDOM(t, bin, p, file)

	for _, id := range []string{"chart-rule", "chart-provider", "chart-code", "chart-week"} {
		re := regexp.MustCompile(`(?s)id="` + id + `".*?<svg[^>]*class="chart".*?</svg>`)
		m := re.FindString(dom)
		if m == "" {
			t.Errorf("rendered page lacks the %s chart", id)
			continue
		}
		if n := strings.Count(m, `<rect class="bar"`); n == 0 {
			t.Errorf("%s chart has no bars", id)
		}
	}
	table := regexp.MustCompile(`(?s)<table id="worst-notes">.*?</table>\s*</td></tr>\s*</tbody>`).FindString(dom)
	if table == "" {
		t.Fatalf("rendered page lacks the worst-notes table")
	}
	if n := strings.Count(table, `class="note-row"`); n != 3 {
		t.Errorf("worst-notes table has %d notes, want 3", n)
	}
	for _, who := range []string{"J. Doe, PT", "R. Roe, PT", "A. Lee, PT"} {
		if !strings.Contains(table, who) {
			t.Errorf("worst-notes table lacks %s", who)
		}
	}
	if got := p.pageRequests(); len(got) > 0 {
		t.Errorf("the report made network requests to %q", got)
	}
}
