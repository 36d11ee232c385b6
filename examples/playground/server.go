package main

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/glassbox-go/mlp"
)

//go:embed static
var staticFiles embed.FS

// A server is the playground: its data sets, its limits and its sessions,
// one an open page.
type server struct {
	lim      limits
	datasets []*dataset // the built-in ones, in the page's order
	logf     func(format string, args ...any)

	mu       sync.Mutex
	sessions map[string]*session
	done     chan struct{} // closed by close: stops the sweeper
	closing  sync.Once
}

// newServer returns a server of the given data sets, with a goroutine that
// closes the sessions that have had no request for lim.Idle.
func newServer(lim limits, datasets []*dataset, logf func(string, ...any)) *server {
	if logf == nil {
		logf = log.Printf
	}
	s := &server{lim: lim, datasets: datasets, logf: logf, sessions: map[string]*session{}, done: make(chan struct{})}
	go s.sweep()
	return s
}

// close stops every session and the sweeper.
func (s *server) close() {
	s.closing.Do(func() { close(s.done) })
	s.mu.Lock()
	all := s.sessions
	s.sessions = map[string]*session{}
	s.mu.Unlock()
	for _, ss := range all {
		ss.close()
	}
}

// sweep closes idle sessions, checking a few times within lim.Idle.
func (s *server) sweep() {
	every := min(max(s.lim.Idle/4, 10*time.Millisecond), time.Second)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-s.done:
			return
		case now := <-tick.C:
			s.expire(now)
		}
	}
}

// expire closes the sessions idle at now for lim.Idle or longer.
func (s *server) expire(now time.Time) {
	var idle []*session
	s.mu.Lock()
	for id, ss := range s.sessions {
		if ss.idle(now) >= s.lim.Idle {
			idle = append(idle, ss)
			delete(s.sessions, id)
		}
	}
	s.mu.Unlock()
	for _, ss := range idle {
		ss.close()
	}
}

// An httpError is an error with its HTTP status.
type httpError struct {
	code int
	msg  string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{code: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

var errClosed = &httpError{code: http.StatusGone, msg: "mlp: this session is closed; reload the page"}

// maxJSON is the largest JSON body a request may have.
const maxJSON = 16 << 10

// handler returns the server's routes. Every answer of /api/ is JSON, an
// error being {"error": "mlp: …"} with a 4xx status; a panic in a handler is
// a 500 and the server goes on.
func (s *server) handler() http.Handler {
	static, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err) // the embedded folder is there: a build error otherwise
	}
	files := http.FileServerFS(static)
	mux := http.NewServeMux()
	mux.Handle("/static/", http.StripPrefix("/static/", files))
	mux.HandleFunc("/favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "the page takes GET", http.StatusMethodNotAllowed)
			return
		}
		http.ServeFileFS(w, r, static, "index.html")
	})
	api := func(path, method string, h func(w http.ResponseWriter, r *http.Request) error) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if r.Method != method {
				writeError(w, &httpError{code: http.StatusMethodNotAllowed, msg: fmt.Sprintf("mlp: %s takes %s, got %s", path, method, short(r.Method))})
				return
			}
			if err := h(w, r); err != nil {
				writeError(w, err)
			}
		})
	}
	api("/api/session", http.MethodPost, s.newSession)
	api("/api/health", http.MethodGet, s.health)
	api("/api/state", http.MethodGet, s.withSession(s.state))
	api("/api/stream", http.MethodGet, s.withSession(s.stream))
	api("/api/setup", http.MethodPost, s.withSession(s.setup))
	api("/api/upload", http.MethodPost, s.withSession(s.uploadCSV))
	api("/api/run", http.MethodPost, s.withSession(s.command(func(ss *session) error { return ss.startLocked() })))
	api("/api/pause", http.MethodPost, s.withSession(s.command(func(ss *session) error { ss.stopLocked("paused"); return nil })))
	api("/api/reset", http.MethodPost, s.withSession(s.command(func(ss *session) error { return ss.resetLocked() })))
	api("/api/step", http.MethodPost, s.withSession(s.step))
	api("/api/close", http.MethodPost, s.withSession(s.closeSession))
	api("/api/download/", http.MethodGet, s.withSession(s.download))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &httpError{code: http.StatusNotFound, msg: fmt.Sprintf("mlp: no such request %s", short(r.URL.Path))})
	})
	return s.guard(mux)
}

// guard sets the security headers (the page loads nothing from elsewhere)
// and turns a panic into a 500.
func (s *server) guard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; connect-src 'self'; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Cache-Control", "no-store")
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.logf("playground: panic in %s %s: %v", r.Method, short(r.URL.Path), v)
				writeError(w, &httpError{code: http.StatusInternalServerError, msg: "mlp: internal error; the server goes on"})
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// writeError writes err as {"error": "…"} with its status, 400 if it has
// none.
func writeError(w http.ResponseWriter, err error) {
	code := http.StatusBadRequest
	var he *httpError
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		code = he.code
	case errors.As(err, &mb):
		code = http.StatusRequestEntityTooLarge
	}
	writeJSON(w, code, map[string]string{"error": err.Error()})
}

// writeJSON writes v as JSON with the given status.
func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code, b = http.StatusInternalServerError, []byte(`{"error":"mlp: internal error: the answer could not be encoded"}`)
	}
	writeRaw(w, code, b)
}

func writeRaw(w http.ResponseWriter, code int, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	w.Write(b)
}

// readJSON decodes the request's body, at most maxJSON bytes of one JSON
// value with no unknown fields, into v.
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSON))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return &httpError{code: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("mlp: request body is more than %d bytes", maxJSON)}
		}
		return badRequest("mlp: reading the request: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &te):
			return badRequest("mlp: request field %q is a JSON %s, want a %v", te.Field, te.Value, te.Type)
		case errors.As(err, &se):
			return badRequest("mlp: request body is not JSON: %v at byte %d", se, se.Offset)
		case errors.Is(err, io.EOF):
			return badRequest("mlp: request body is empty, want a JSON object")
		}
		return badRequest("mlp: request body: %v", err)
	}
	if dec.More() {
		return badRequest("mlp: request body has more after its JSON object")
	}
	return nil
}

// newID returns a random session id: 32 hex digits.
func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// validID reports whether id looks like one newID makes.
func validID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for _, c := range id {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// withSession finds the request's session (the query's "session") and
// records the request, which keeps the session alive.
func (s *server) withSession(h func(w http.ResponseWriter, r *http.Request, ss *session) error) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id := r.URL.Query().Get("session")
		if !validID(id) {
			return badRequest("mlp: session is %s, want the 32 hex digits the page got from /api/session", short(id))
		}
		s.mu.Lock()
		ss := s.sessions[id]
		s.mu.Unlock()
		if ss == nil {
			return &httpError{code: http.StatusNotFound, msg: fmt.Sprintf("mlp: no session %s: it was closed, or it expired after %v without a request; reload the page", id, s.lim.Idle)}
		}
		ss.touch()
		return h(w, r, ss)
	}
}

// find returns the built-in data set of the given name, or the session's
// upload.
func (s *server) find(ss *session) func(name string) (*dataset, error) {
	return func(name string) (*dataset, error) {
		for _, d := range s.datasets {
			if d.Name == name {
				return d, nil
			}
		}
		if name == "upload" {
			if ss == nil || ss.upload == nil {
				return nil, badRequest("mlp: dataset is \"upload\", but no CSV was uploaded yet")
			}
			return ss.upload, nil
		}
		return nil, badRequest("mlp: dataset is %s, want one of %s, or upload", short(name), s.datasetNames())
	}
}

func (s *server) datasetNames() string {
	var b bytes.Buffer
	for i, d := range s.datasets {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.Name)
	}
	return b.String()
}

// tutorialSetup is the tutorial's network: 3-5-1 sigmoid, no biases, every
// weight 1, learning rate 3 on the summed error, XOR with the constant 1
// folded in, the whole data set a batch.
var tutorialSetup = setupRequest{Dataset: "xor", Hidden: "5", Activation: "sigmoid", Output: "sigmoid", Loss: "squared-error",
	Init: "constant", InitValue: "1", Optimizer: "gradient-descent", LearningRate: "3", BatchSize: "all", SumLoss: true, Seed: "1"}

// datasetJSON describes a data set to the page.
type datasetJSON struct {
	Name     string       `json:"name"`
	Title    string       `json:"title"`
	Samples  int          `json:"samples"`
	Features int          `json:"features"`
	Classes  []string     `json:"classes"`
	Plane    bool         `json:"plane"`
	Defaults setupRequest `json:"defaults"`
}

func describe(d *dataset) datasetJSON {
	rows, cols := d.XTrain.Dims()
	if d.XTest != nil {
		t, _ := d.XTest.Dims()
		rows += t
	}
	return datasetJSON{Name: d.Name, Title: d.Title, Samples: rows, Features: cols, Classes: d.Classes, Plane: d.Plane != nil, Defaults: d.Defaults}
}

// newSession opens a session, set up with the tutorial's network, and
// tells the page its id, the choices of the form and the limits.
func (s *server) newSession(w http.ResponseWriter, r *http.Request) error {
	c, err := parseSetup(tutorialSetup, s.find(nil), s.lim)
	if err != nil {
		return err
	}
	s.mu.Lock()
	if len(s.sessions) >= s.lim.Sessions {
		s.mu.Unlock()
		return &httpError{code: http.StatusServiceUnavailable, msg: fmt.Sprintf(
			"mlp: the server has %d sessions open, its limit (-max-sessions); close another playground page or wait %v for an unused one to expire", s.lim.Sessions, s.lim.Idle)}
	}
	id := newID()
	ss, err := newSession(id, s.lim, c)
	if err == nil {
		s.sessions[id] = ss
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	var ds []datasetJSON
	for _, d := range s.datasets {
		ds = append(ds, describe(d))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"session":  id,
		"datasets": ds,
		"tutorial": tutorialSetup,
		"choices": map[string][]string{
			"activation": names(hiddenActivations),
			"output":     names(outputActivations),
			"loss":       names(lossChoices),
			"init":       initChoices,
			"optimizer":  optimizerChoices,
		},
		"limits": map[string]any{
			"sessions": s.lim.Sessions, "idleSeconds": s.lim.Idle.Seconds(), "trainSeconds": s.lim.TrainTime.Seconds(),
			"units": s.lim.Units, "layers": s.lim.Layers, "params": s.lim.Params, "work": s.lim.Work, "uploadBytes": s.lim.Upload,
		},
	})
	return nil
}

// health tells how many sessions are open and training.
func (s *server) health(w http.ResponseWriter, r *http.Request) error {
	s.mu.Lock()
	all := make([]*session, 0, len(s.sessions))
	for _, ss := range s.sessions {
		all = append(all, ss)
	}
	s.mu.Unlock()
	running := 0
	for _, ss := range all {
		ss.mu.Lock()
		if ss.runningLocked() {
			running++
		}
		ss.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, map[string]int{"sessions": len(all), "running": running, "maxSessions": s.lim.Sessions})
	return nil
}

// state answers GET /api/state?session=…&sample=i[&since=v] with one frame,
// as the stream sends them but with the whole loss curves: the page asks it
// what went wrong when its stream fails.
func (s *server) state(w http.ResponseWriter, r *http.Request, ss *session) error {
	q := r.URL.Query()
	sample, err := queryInt(q.Get("sample"), "sample", 0)
	if err != nil {
		return err
	}
	since := uint64(0)
	sameSample := q.Has("since")
	if sameSample {
		v, err := queryInt(q.Get("since"), "since", 0)
		if err != nil {
			return err
		}
		since = uint64(v)
	}
	b, _, _, err := ss.frame(frameRequest{sample: sample, since: since, sameSample: sameSample})
	if err != nil {
		return err
	}
	writeRaw(w, http.StatusOK, b)
	return nil
}

// The stream's pace: a frame at most every frameEvery, when something
// changed, and a comment line at least every keepAliveEvery.
const (
	frameEvery     = time.Second / 50
	keepAliveEvery = time.Second
	maxStreams     = 3 // of one session at once
)

// stream sends the page its frames as server-sent events
// (GET /api/stream?session=…&sample=i): one "data:" line of JSON each, as
// /api/state answers but for the loss curves, of which each frame carries
// only the points the stream has not sent yet (from CurveFrom). Up to 50
// frames a second go while training, so that the page's frame rate does not
// wait for round trips. While a stream is open its
// session stays alive; when the page goes, the stream ends, and the session
// expires after lim.Idle. An error after the stream began comes as an
// event "problem" with {"error": "…"}, and ends the stream.
func (s *server) stream(w http.ResponseWriter, r *http.Request, ss *session) error {
	sample, err := queryInt(r.URL.Query().Get("sample"), "sample", 0)
	if err != nil {
		return err
	}
	var curves sent
	b, version, _, err := ss.frame(frameRequest{sample: sample, curves: &curves})
	if err != nil {
		return err
	}
	if !ss.addStream() {
		return &httpError{code: http.StatusTooManyRequests, msg: fmt.Sprintf("mlp: this session has %d streams open, the most it may; close another", maxStreams)}
	}
	defer ss.removeStream()
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	write := func(parts ...[]byte) error {
		rc.SetWriteDeadline(time.Now().Add(10 * time.Second))
		for _, p := range parts {
			if _, err := w.Write(p); err != nil {
				return err
			}
		}
		return rc.Flush()
	}
	frame := func(b []byte) error { return write([]byte("data: "), b, []byte("\n\n")) }
	if err := frame(b); err != nil {
		return nil
	}
	tick := time.NewTicker(frameEvery)
	defer tick.Stop()
	last := time.Now()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-s.done:
			return nil
		case <-ss.done:
			write(problem(errClosed.msg))
			return nil
		case now := <-tick.C:
			ss.touch()
			b, v, changed, err := ss.frame(frameRequest{sample: sample, since: version, sameSample: true, curves: &curves})
			switch {
			case err != nil:
				write(problem(err.Error()))
				return nil
			case changed:
				version = v
				err = frame(b)
			case now.Sub(last) >= keepAliveEvery:
				err = write([]byte(": alive\n\n"))
			default:
				continue
			}
			if err != nil {
				return nil
			}
			last = now
		}
	}
}

// problem returns the event "problem" that ends a stream with msg.
func problem(msg string) []byte {
	b, _ := json.Marshal(map[string]string{"error": msg}) // a map of strings always encodes
	return append(append([]byte("event: problem\ndata: "), b...), "\n\n"...)
}

// queryInt reads a whole number of at least lo; empty is lo.
func queryInt(v, name string, lo int) (int, error) {
	if v == "" {
		return lo, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo {
		return 0, badRequest("mlp: %s is %s, want a whole number from %d", name, short(v), lo)
	}
	return n, nil
}

// setup replaces the session's network with the one of the form, or, when
// the form makes the same network and changes only how it trains, keeps
// the network and its progress ("kept"), training on if it was.
func (s *server) setup(w http.ResponseWriter, r *http.Request, ss *session) error {
	var req setupRequest
	if err := readJSON(w, r, &req); err != nil {
		return err
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.closed {
		return errClosed
	}
	c, err := parseSetup(req, s.find(ss), s.lim)
	if err != nil {
		return err
	}
	kept, err := ss.tuneLocked(c)
	if err != nil {
		return err
	}
	if !kept {
		if err := ss.setupLocked(c); err != nil {
			return badRequest("%v", err)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "network": sizesString(c.sizes), "kept": kept})
	return nil
}

// uploadCSV reads the body, a CSV of at most lim.Upload bytes, with
// mlp.ReadCSV, as the session's "upload" data set.
func (s *server) uploadCSV(w http.ResponseWriter, r *http.Request, ss *session) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.lim.Upload))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return &httpError{code: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("mlp: the CSV is more than %d bytes, the limit (-max-upload)", s.lim.Upload)}
		}
		return badRequest("mlp: reading the CSV: %v", err)
	}
	name := r.URL.Query().Get("name")
	if len(name) > 100 {
		name = name[:100]
	}
	title := "your CSV"
	if name != "" {
		title = fmt.Sprintf("your CSV %s", short(name))
	}
	d, err := fromCSV("upload", title, bytes.NewReader(body), s.lim)
	if err != nil {
		return badRequest("%v", err)
	}
	rows, cols := d.XTrain.Dims()
	t, _ := d.XTest.Dims()
	d.Title = fmt.Sprintf("%s: %d samples (%d to train on, %d to test), %d features, %d classes", title, rows+t, rows, t, cols, len(d.Classes))
	ss.mu.Lock()
	ss.upload = d
	ss.mu.Unlock()
	writeJSON(w, http.StatusOK, describe(d))
	return nil
}

// command runs f with the session's lock held and answers {"ok": true}.
// (The status is the stream's to tell: once training runs, prog is the
// training goroutine's.)
func (s *server) command(f func(ss *session) error) func(w http.ResponseWriter, r *http.Request, ss *session) error {
	return func(w http.ResponseWriter, r *http.Request, ss *session) error {
		ss.mu.Lock()
		defer ss.mu.Unlock()
		if ss.closed {
			return errClosed
		}
		if err := f(ss); err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
		return nil
	}
}

// step takes one traced step and answers its trace.
func (s *server) step(w http.ResponseWriter, r *http.Request, ss *session) error {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	t, err := ss.stepLocked()
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// closeSession ends the session: the page is closing.
func (s *server) closeSession(w http.ResponseWriter, r *http.Request, ss *session) error {
	s.mu.Lock()
	delete(s.sessions, ss.id)
	s.mu.Unlock()
	ss.close()
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}

// download answers GET /api/download/{network.json, diagram.svg, loss.svg,
// trace.md}: the network as mlp's Save writes it, its diagram by
// DrawNetwork (with the page's sample), its loss curves by PlotLoss, and the
// last step's trace by WriteMarkdown.
func (s *server) download(w http.ResponseWriter, r *http.Request, ss *session) error {
	file := r.URL.Path[len("/api/download/"):]
	sample, err := queryInt(r.URL.Query().Get("sample"), "sample", 0)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	ctype := ""
	v := &ss.view
	v.mu.Lock()
	err = ss.refreshLocked()
	if err == nil {
		switch file {
		case "network.json":
			ctype, err = "application/json", v.net.Save(&b)
		case "diagram.svg":
			ctype, err = "image/svg+xml", ss.diagramLocked(&b, sample)
		case "loss.svg":
			ctype, err = "image/svg+xml", ss.lossPlotLocked(&b)
		case "trace.md":
			ctype = "text/markdown; charset=utf-8"
			if v.trace == nil {
				err = &httpError{code: http.StatusNotFound, msg: "mlp: no step traced yet: press Step first"}
			} else {
				b.Write(v.trace.markdown)
			}
		default:
			err = &httpError{code: http.StatusNotFound, msg: fmt.Sprintf("mlp: no download %s, want network.json, diagram.svg, loss.svg or trace.md", short(file))}
		}
	}
	v.mu.Unlock()
	if err != nil {
		var he *httpError
		if !errors.As(err, &he) {
			err = badRequest("%v", err)
		}
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"playground-%s\"", file))
	w.Write(b.Bytes())
	return nil
}

// diagramLocked draws the view's network with DrawNetwork, showing
// training sample i.
func (ss *session) diagramLocked(w io.Writer, i int) error {
	v := &ss.view
	rows, _ := v.cfg.data.XTrain.Dims()
	if i >= rows {
		return badRequest("mlp: sample is %d, want 0 to %d (one of the %d training samples)", i, rows-1, rows)
	}
	return mlp.DrawNetwork(w, v.net, &mlp.DiagramOptions{
		Sample:      v.cfg.data.XTrain.Row(i),
		InputNames:  v.cfg.data.Features,
		OutputNames: outputNames(v.cfg.data, v.cfg),
	})
}

// lossPlotLocked plots the view's loss curves with PlotLoss, on a log scale
// when every value is above 0.
func (ss *session) lossPlotLocked(w io.Writer) error {
	v := &ss.view
	p := &v.prog
	if len(p.TrainLoss.points) == 0 {
		return &httpError{code: http.StatusNotFound, msg: "mlp: no loss yet: press Run first"}
	}
	series := []mlp.Series{{Name: "training", Values: p.TrainLoss.points}}
	if len(p.TestLoss.points) > 0 {
		series = append(series, mlp.Series{Name: "test", Values: p.TestLoss.points})
	}
	scale := mlp.LogAxis
	for _, sr := range series {
		for _, x := range sr.Values {
			if !(x > 0) {
				scale = mlp.LinearAxis
			}
		}
	}
	xLabel := "epoch"
	if st := max(p.TrainLoss.stride, 1); st > 1 {
		xLabel = fmt.Sprintf("epoch / %d (each point the mean of %d epochs)", st, st)
	}
	return mlp.PlotLoss(w, &mlp.LossPlotOptions{
		Title:  fmt.Sprintf("%s, network %s, %s", v.cfg.data.Name, sizesString(v.cfg.sizes), v.net.Loss),
		XLabel: xLabel, YLabel: "loss per sample", Scale: scale,
	}, series...)
}
