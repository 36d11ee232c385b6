package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image/png"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/glassbox-go/mlp"
)

// testLimits are small limits that tests can reach quickly.
func testLimits() limits {
	lim := defaultLimits
	lim.Idle = time.Minute
	return lim
}

// newTest starts a playground with every data set, iris and digits read
// from the module's testdata.
func newTest(t *testing.T, lim limits) (*server, *httptest.Server) {
	t.Helper()
	files, err := loadFileDatasets("../../testdata", lim)
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(lim, append(builtinDatasets(), files...), t.Logf)
	ts := httptest.NewServer(srv.handler())
	t.Cleanup(func() {
		srv.close()
		ts.Close()
	})
	return srv, ts
}

// trainingDone returns the channel that closes when the training
// goroutine of session id returns.
func trainingDone(t *testing.T, srv *server, id string) <-chan struct{} {
	t.Helper()
	srv.mu.Lock()
	ss := srv.sessions[id]
	srv.mu.Unlock()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.run == nil {
		t.Fatal("no training goroutine")
	}
	return ss.run.done
}

// alive reports whether session id is open.
func alive(srv *server, id string) bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.sessions[id] != nil
}

// start starts a playground with the test limits, changed by change if
// not nil, and opens a session.
func start(t *testing.T, change func(l *limits)) (*server, *httptest.Server, string) {
	t.Helper()
	lim := testLimits()
	if change != nil {
		change(&lim)
	}
	srv, ts := newTest(t, lim)
	return srv, ts, open(t, ts)
}

// do sends a request and returns the status and the body.
func do(t *testing.T, method, url, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// ok sends a request that must succeed and decodes its JSON answer into v.
func ok(t *testing.T, method, url, body string, v any) {
	t.Helper()
	code, b := do(t, method, url, body)
	if code != http.StatusOK {
		t.Fatalf("%s %s = %d %s, want 200", method, url, code, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s %s: %v in %.200s", method, url, err, b)
		}
	}
}

// fails sends a request that must fail with the given status and a JSON
// error containing want.
func fails(t *testing.T, method, url, body string, code int, want string) {
	t.Helper()
	got, b := do(t, method, url, body)
	var e struct{ Error string }
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("%s %s: answer %.200q is not JSON: %v", method, url, b, err)
	}
	if got != code || !strings.Contains(e.Error, want) || !strings.HasPrefix(e.Error, "mlp: ") {
		t.Errorf("%s %s %.80q = %d %q, want %d and a message with %q", method, url, body, got, e.Error, code, want)
	}
}

// open opens a session and returns its id.
func open(t *testing.T, ts *httptest.Server) string {
	t.Helper()
	var r struct{ Session string }
	ok(t, "POST", ts.URL+"/api/session", "", &r)
	if !validID(r.Session) {
		t.Fatalf("session id %q is not 32 hex digits", r.Session)
	}
	return r.Session
}

// testFrame is the part of a frame the tests read.
type testFrame struct {
	Setup      setupRequest
	Version    uint64
	Generation uint64
	Unchanged  bool
	Status     string
	Message    string
	Epoch      int
	Network    string
	Loss       string
	Layers     []struct {
		In, Out int
		W, B    []float64
	}
	Sample struct {
		X, Y   []float64
		Layers []struct{ Z, A, DA, DZ []float64 }
	}
	TrainLoss     []float64
	TestLoss      []float64
	TrainAccuracy float64
	Explain       explanation
	Surface       *struct {
		PNG                    string
		XMin, XMax, YMin, YMax float64
		Points                 [][3]float64
	}
}

func state(t *testing.T, ts *httptest.Server, id string, query string) testFrame {
	t.Helper()
	var f testFrame
	ok(t, "GET", ts.URL+"/api/state?session="+id+query, "", &f)
	return f
}

// setup posts a setup; fields of extra replace those of base.
func setup(t *testing.T, ts *httptest.Server, id string, r setupRequest) {
	t.Helper()
	b, _ := json.Marshal(r)
	ok(t, "POST", ts.URL+"/api/setup?session="+id, string(b), nil)
}

// waitFor polls the state until cond holds, for at most d.
func waitFor(t *testing.T, ts *httptest.Server, id string, d time.Duration, what string, cond func(f testFrame) bool) testFrame {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		f := state(t, ts, id, "")
		if cond(f) {
			return f
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v: not %s; status %q, message %q, epoch %d", d, what, f.Status, f.Message, f.Epoch)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestPageAndStaticFiles(t *testing.T) {
	_, ts := newTest(t, testLimits())
	for _, c := range []struct{ path, ctype, has string }{
		{"/", "text/html", `<canvas id="diagram"`},
		{"/static/app.js", "text/javascript", "EventSource"},
		{"/static/style.css", "text/css", "--pos: #1f77b4"},
	} {
		resp, err := http.Get(ts.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), c.ctype) || !bytes.Contains(b, []byte(c.has)) {
			t.Errorf("GET %s = %d %s, want 200 %s with %q", c.path, resp.StatusCode, resp.Header.Get("Content-Type"), c.ctype, c.has)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("GET %s: Content-Security-Policy %q, want default-src 'self' (nothing from elsewhere)", c.path, csp)
		}
		// Nothing loaded from elsewhere: no absolute or protocol-relative URL.
		for _, bad := range []string{"http:", "https:", `"//`, "'//", "url(//", "@import"} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s contains %q: the page must load nothing from elsewhere", c.path, bad)
			}
		}
	}
	if code, _ := do(t, "GET", ts.URL+"/nothing-here", ""); code != 404 {
		t.Errorf("GET /nothing-here = %d, want 404", code)
	}
	if code, b := do(t, "GET", ts.URL+"/favicon.ico", ""); code != 204 || len(b) != 0 {
		t.Errorf("GET /favicon.ico = %d with %d bytes, want 204 and nothing (the page has no icon to fetch)", code, len(b))
	}
	if code, _ := do(t, "POST", ts.URL+"/", ""); code != 405 {
		t.Errorf("POST / = %d, want 405", code)
	}
}

func TestNewSession(t *testing.T) {
	_, ts := newTest(t, testLimits())
	var r struct {
		Session  string
		Datasets []struct {
			Name     string
			Samples  int
			Features int
			Plane    bool
		}
		Tutorial setupRequest
		Choices  map[string][]string
	}
	ok(t, "POST", ts.URL+"/api/session", "", &r)
	var got []string
	for _, d := range r.Datasets {
		got = append(got, d.Name)
	}
	if want := "xor circle spirals moons blobs iris digits"; strings.Join(got, " ") != want {
		t.Errorf("data sets %v, want %s", got, want)
	}
	if r.Tutorial != tutorialSetup {
		t.Errorf("tutorial preset %+v, want %+v", r.Tutorial, tutorialSetup)
	}
	if want := []string{"squared-error", "binary-cross-entropy", "cross-entropy"}; strings.Join(r.Choices["loss"], ",") != strings.Join(want, ",") {
		t.Errorf("loss choices %v, want %v", r.Choices["loss"], want)
	}
	// A new session is the tutorial's network, ready.
	f := state(t, ts, r.Session, "")
	if f.Network != "3-5-1" || f.Status != "ready" || f.Layers[0].B != nil {
		t.Errorf("new session: network %s, status %s, biases %v; want 3-5-1, ready, none", f.Network, f.Status, f.Layers[0].B)
	}
}

// tutorialMatrices reads testdata/tutorial_matrices.txt: every matrix the
// tutorial prints, by name.
func tutorialMatrices(t *testing.T) (names []string, blocks map[string]string) {
	t.Helper()
	b, err := os.ReadFile("../../testdata/tutorial_matrices.txt")
	if err != nil {
		t.Fatal(err)
	}
	blocks = map[string]string{}
	name := ""
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			name = strings.TrimPrefix(line, "## ")
			names = append(names, name)
		case strings.HasPrefix(line, "#") || line == "":
		case name != "":
			if blocks[name] != "" {
				blocks[name] += "\n"
			}
			blocks[name] += line
		}
	}
	return names, blocks
}

// The tutorial preset's first step shows the tutorial's printed matrices,
// character for character.
func TestTutorialPresetFirstStep(t *testing.T) {
	_, ts, id := start(t, nil)
	// The preset as the page sends it, after another setup.
	setup(t, ts, id, builtinDatasets()[1].Defaults)
	setup(t, ts, id, tutorialSetup)
	var tr traceJSON
	ok(t, "POST", ts.URL+"/api/step?session="+id, "", &tr)
	names, want := tutorialMatrices(t)
	if len(names) < 13 {
		t.Fatalf("tutorial_matrices.txt has %d matrices, want the tutorial's 13", len(names))
	}
	for _, name := range names {
		if name == "delta_w01" {
			continue // the tutorial's X was a numpy integer array: it printed [[1 1 1] …
		}
		var got *stepJSON
		for i := range tr.Steps {
			if tr.Steps[i].Name == name {
				got = &tr.Steps[i]
			}
		}
		if got == nil {
			t.Errorf("step has no %s", name)
			continue
		}
		if got.Value != want[name] {
			t.Errorf("step %s =\n%s\nwant the tutorial's\n%s", name, got.Value, want[name])
		}
	}
	zh := tr.Steps[2]
	if zh.Name != "z_h" || zh.Formula != "z_h = X · w01" || zh.Shapes != "4x3 · 3x5 = 4x5" || zh.Meaning == "" || zh.TeX == "" {
		t.Errorf("third step %+v, want z_h = X · w01 with shapes 4x3 · 3x5 = 4x5, a meaning and TeX", zh)
	}
	if tr.Eta != 3 || !strings.Contains(tr.Batch, "samples 0 to 3") {
		t.Errorf("step eta %v on %q, want 3 on samples 0 to 3", tr.Eta, tr.Batch)
	}
	// The step trained: the next state has the updated weights, w12_new's.
	f := state(t, ts, id, "")
	// The page gets weights to 7 digits; the tutorial prints 8 decimals.
	if w := f.Layers[1].W[0]; math.Abs(w-0.92444663) > 1e-7 {
		t.Errorf("after the step w12[0] = %v, want the tutorial's update 0.92444663", w)
	}
}

// The hover values of sample 0 of the tutorial's network are the first rows
// of the tutorial's matrices.
func TestHoverValuesOfTheTutorial(t *testing.T) {
	_, ts, id := start(t, nil)
	f := state(t, ts, id, "&sample=0")
	h, o := f.Sample.Layers[0], f.Sample.Layers[1]
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 5e-9 {
			t.Errorf("%s = %.10f, want the tutorial's %.8f", what, got, want)
		}
	}
	// A product of two of the tutorial's numbers, each rounded to 8
	// decimals, is within 5e-9 times their sum of the exact one.
	product := func(what string, got, a, b float64) {
		t.Helper()
		if want := a * b; math.Abs(got-want) > 5e-9*(a+b) {
			t.Errorf("%s = %v, want %v·%v = %v", what, got, a, b, want)
		}
	}
	for j := range 5 {
		near("z_h[0]", h.Z[j], 3)
		near("a_h[0]", h.A[j], 0.95257413)
		near("∂E/∂a_h[0] (delta_a_h)", h.DA[j], 0.00832589)
		product("δ_h[0] = delta_a_h ⊙ delta_z_h", h.DZ[j], 0.00832589, 0.04517666)
	}
	near("z_o[0]", o.Z[0], 4.76287063)
	near("a_o[0]", o.A[0], 0.99153128)
	near("∂E/∂a_o[0] (delta_a_o_error)", o.DA[0], 0.99153128)
	product("δ_o[0] = delta_a_o_error ⊙ delta_z_o", o.DZ[0], 0.99153128, 0.008397)
	// Sample 3 is (0, 0, 1) with target 0: z_h is the tutorial's last row.
	f = state(t, ts, id, "&sample=3")
	if x, y := f.Sample.X, f.Sample.Y; len(x) != 3 || x[0] != 0 || x[1] != 0 || x[2] != 1 || y[0] != 0 {
		t.Errorf("sample 3 = %v → %v, want [0 0 1] → [0]", x, y)
	}
	near("z_h[3]", f.Sample.Layers[0].Z[0], 1)
	near("a_o[3]", f.Sample.Layers[1].A[0], 0.97479766)
	fails(t, "GET", ts.URL+"/api/state?session="+id+"&sample=4", "", 400, "sample is 4, want 0 to 3")
	fails(t, "GET", ts.URL+"/api/state?session="+id+"&sample=-1", "", 400, `sample is "-1"`)
	fails(t, "GET", ts.URL+"/api/state?session="+id+"&since=x", "", 400, `since is "x"`)
}

// Diagnose and the gradient check come with every frame; the tutorial's
// start has five copies of one hidden unit.
func TestExplanation(t *testing.T) {
	_, ts, id := start(t, nil)
	f := state(t, ts, id, "")
	e := f.Explain
	if len(e.Findings) == 0 || !strings.Contains(e.Findings[0], "units 0, 1, 2, 3 and 4 are exact copies") {
		t.Errorf("findings %q, want the five copies of the tutorial's start", e.Findings)
	}
	if !(e.WorstError >= 0 && e.WorstError < 1e-6) || !strings.Contains(e.GradientCheck, "worst relative error") {
		t.Errorf("gradient check %q (%v), want a worst relative error below 1e-6", e.GradientCheck, e.WorstError)
	}
	// A network past the check's size says so.
	setup(t, ts, id, setupRequest{Dataset: "digits", Hidden: "100", Activation: "relu", Output: "softmax", Loss: "cross-entropy",
		Bias: true, Init: "default", Optimizer: "adam", LearningRate: "0.01", BatchSize: "32", Seed: "1"})
	f = state(t, ts, id, "")
	if f.Explain.WorstError != -1 || !strings.Contains(f.Explain.GradientCheck, "not run: the network has 7510 parameters") {
		t.Errorf("gradient check of 64-100-10: %q (%v), want not run for 7510 parameters", f.Explain.GradientCheck, f.Explain.WorstError)
	}
}

func TestSetupRejectsBadInput(t *testing.T) {
	lim := testLimits()
	_, ts := newTest(t, lim)
	id := open(t, ts)
	url := ts.URL + "/api/setup?session=" + id
	good := builtinDatasets()[1].Defaults
	with := func(f func(r *setupRequest)) string {
		r := good
		f(&r)
		b, _ := json.Marshal(r)
		return string(b)
	}
	for _, c := range []struct {
		body string
		code int
		want string
	}{
		{`{not json`, 400, "request body is not JSON"},
		{``, 400, "request body is empty"},
		{`{"dataset":"circle"} {}`, 400, "more after its JSON object"},
		{`{"dataset":"circle","extra":1}`, 400, `unknown field "extra"`},
		{`{"bias":"yes"}`, 400, `request field "bias" is a JSON string, want a bool`},
		{`{"hidden":{"a":1}}`, 400, "is not a string or a number"},
		{`{"hidden":null}`, 400, "is not a string or a number"},
		{`[1,2]`, 400, "request field"},
		{`{"dataset":"` + strings.Repeat("x", 20000) + `"}`, 413, "request body is more than 16384 bytes"},
		{with(func(r *setupRequest) { r.Dataset = "mnist" }), 400, `dataset is "mnist", want one of xor, circle, spirals, moons, blobs, iris, digits, or upload`},
		{with(func(r *setupRequest) { r.Dataset = "upload" }), 400, "no CSV was uploaded yet"},
		{with(func(r *setupRequest) { r.Hidden = "5,x" }), 400, `hidden layers are "5,x": "x" is not a size`},
		{with(func(r *setupRequest) { r.Hidden = "0" }), 400, `"0" is not a size; want whole numbers from 1 to 512`},
		{with(func(r *setupRequest) { r.Hidden = "100000" }), 400, "from 1 to 512 (-max-units)"},
		{with(func(r *setupRequest) { r.Hidden = "1 1 1 1 1 1 1" }), 400, "7 layers; want at most 6 (-max-layers)"},
		{with(func(r *setupRequest) { r.Hidden = "512, 512" }), 400, "network 2-512-512-1 has 264705 weights and biases, want at most 200000 (-max-params)"},
		{with(func(r *setupRequest) { r.Activation = "swish" }), 400, `activation of the hidden layers is "swish", want one of sigmoid, tanh, relu, identity`},
		{with(func(r *setupRequest) { r.Activation = "softmax" }), 400, "softmax is for the output layer"},
		{with(func(r *setupRequest) { r.Output = "" }), 400, `output activation is "", want one of sigmoid, softmax`},
		{with(func(r *setupRequest) { r.Loss = "hinge" }), 400, `loss is "hinge", want one of squared-error, binary-cross-entropy, cross-entropy`},
		{with(func(r *setupRequest) { r.Loss = "cross-entropy" }), 400, "loss cross-entropy needs the softmax output"},
		{with(func(r *setupRequest) { r.Output, r.Loss = "tanh", "binary-cross-entropy" }), 400, "binary-cross-entropy needs the sigmoid output"},
		{with(func(r *setupRequest) { r.Init = "zeros" }), 400, `initial weights are "zeros", want one of default, glorot, he, uniform, constant`},
		{with(func(r *setupRequest) { r.Init, r.InitLow, r.InitHigh = "uniform", "2", "1" }), 400, "initial weights from 2 to 1, want the lowest below the highest"},
		{with(func(r *setupRequest) { r.Init, r.InitLow = "uniform", "a" }), 400, `lowest initial weight is "a", want a number from -100 to 100`},
		{with(func(r *setupRequest) { r.Init, r.InitValue = "constant", "1e9" }), 400, `initial weight is "1e9", want a number from -100 to 100`},
		{with(func(r *setupRequest) { r.Optimizer = "sgd" }), 400, `optimizer is "sgd", want one of gradient-descent, momentum, adam`},
		{with(func(r *setupRequest) { r.LearningRate = "abc" }), 400, `learning rate is "abc", want a number from 0 to 100`},
		{with(func(r *setupRequest) { r.LearningRate = "-1" }), 400, `learning rate is "-1"`},
		{with(func(r *setupRequest) { r.LearningRate = "NaN" }), 400, `learning rate is "NaN"`},
		{with(func(r *setupRequest) { r.LearningRate = "1e999" }), 400, `learning rate is "1e999"`},
		{with(func(r *setupRequest) { r.LearningRate = "0" }), 400, `learning rate is "0", want a number greater than 0 and at most 100`},
		{with(func(r *setupRequest) { r.LearningRate = "101" }), 400, `learning rate is "101"`},
		{with(func(r *setupRequest) { r.BatchSize = "201" }), 400, `batch size is "201", want a whole number from 1 to 200 (the training samples) or "all"`},
		{with(func(r *setupRequest) { r.BatchSize = "2.5" }), 400, `batch size is "2.5"`},
		{with(func(r *setupRequest) { r.Seed = "-3" }), 400, `seed is "-3", want a whole number from 0 to 18446744073709551615`},
		{with(func(r *setupRequest) { r.Speed = "fast" }), 400, `speed is "fast", want "max" or a whole number of epochs a second from 1 to 100000`},
		{with(func(r *setupRequest) { r.Hidden = text(strings.Repeat("7", 300)) }), 400, `hidden layers are "7777777777777777777777777777777777777777"…`},
	} {
		fails(t, "POST", url, c.body, c.code, c.want)
	}
	// Numbers may come as JSON numbers.
	ok(t, "POST", url, `{"dataset":"circle","hidden":6,"activation":"tanh","output":"sigmoid","loss":"squared-error","bias":true,"init":"default","optimizer":"adam","learningRate":0.03,"batchSize":10,"seed":2}`, nil)
	// None of the bad ones changed the session.
	if f := state(t, ts, id, ""); f.Network != "2-6-1" {
		t.Errorf("after the bad setups the network is %s, want the last good one, 2-6-1", f.Network)
	}
}

// One step may take at most lim.Work multiply-adds.
func TestWorkLimit(t *testing.T) {
	_, ts, id := start(t, func(l *limits) { l.Work = 1_000_000 })
	digits := setupRequest{Dataset: "digits", Hidden: "32", Activation: "relu", Output: "softmax", Loss: "cross-entropy",
		Bias: true, Init: "default", Optimizer: "adam", LearningRate: "0.01", BatchSize: "all", Seed: "1"}
	b, _ := json.Marshal(digits)
	fails(t, "POST", ts.URL+"/api/setup?session="+id, string(b), 400,
		"a batch of 1346 samples through 2410 weights is 3243860 multiply-adds a step, want at most 1000000 (-max-work)")
	digits.BatchSize = "32"
	setup(t, ts, id, digits)
}

func TestRequestsAreChecked(t *testing.T) {
	_, ts, id := start(t, nil)
	fails(t, "GET", ts.URL+"/api/setup?session="+id, "", 405, `/api/setup takes POST, got "GET"`)
	fails(t, "DELETE", ts.URL+"/api/state?session="+id, "", 405, `/api/state takes GET, got "DELETE"`)
	fails(t, "GET", ts.URL+"/api/session", "", 405, "/api/session takes POST")
	fails(t, "POST", ts.URL+"/api/run", "", 400, `session is "", want the 32 hex digits`)
	fails(t, "POST", ts.URL+"/api/run?session=<script>", "", 400, `session is "<script>"`)
	fails(t, "POST", ts.URL+"/api/run?session="+strings.Repeat("0", 32), "", 404, "no session 00000000000000000000000000000000")
	fails(t, "GET", ts.URL+"/api/nothing", "", 404, `no such request "/api/nothing"`)
	fails(t, "GET", ts.URL+"/api/download/weights.bin?session="+id, "", 404, `no download "weights.bin", want network.json, diagram.svg, loss.svg or trace.md`)
	fails(t, "GET", ts.URL+"/api/download/diagram.svg?session="+id+"&sample=9", "", 400, "sample is 9, want 0 to 3")
}

func TestRunPauseResetAndSeeds(t *testing.T) {
	_, ts, id := start(t, nil)
	circle := builtinDatasets()[1].Defaults
	setup(t, ts, id, circle)
	start := state(t, ts, id, "")
	ok(t, "POST", ts.URL+"/api/run?session="+id, "", nil)
	ok(t, "POST", ts.URL+"/api/run?session="+id, "", nil) // running already: nothing changes
	waitFor(t, ts, id, 10*time.Second, "past epoch 5", func(f testFrame) bool { return f.Epoch > 5 })
	ok(t, "POST", ts.URL+"/api/pause?session="+id, "", nil)
	paused := state(t, ts, id, "")
	if paused.Status != "paused" || equalWeights(paused, start) {
		t.Fatalf("after run and pause: status %s, weights changed %v; want paused and changed", paused.Status, !equalWeights(paused, start))
	}
	// One point an epoch, until the curves hold maxPoints: then pairs of
	// points are averaged into one, so that a curve has maxPoints/2 to
	// maxPoints-1 points however long training ran (a fast machine runs
	// thousands of epochs before the pause).
	want := paused.Epoch
	if want >= maxPoints {
		want = -1
	}
	for _, c := range []struct {
		name string
		n    int
	}{{"training", len(paused.TrainLoss)}, {"test", len(paused.TestLoss)}} {
		if want >= 0 && c.n != want || want < 0 && (c.n < maxPoints/2 || c.n >= maxPoints) {
			t.Errorf("%d epochs, %d %s losses; want one an epoch, or %d to %d after %d epochs", paused.Epoch, c.n, c.name, maxPoints/2, maxPoints-1, maxPoints)
		}
	}
	if again := state(t, ts, id, ""); again.Epoch != paused.Epoch {
		t.Errorf("paused at epoch %d, later %d: training went on", paused.Epoch, again.Epoch)
	}
	// Unchanged since the version the page has.
	if f := state(t, ts, id, "&since="+itoa(paused.Version)); !f.Unchanged || f.Version != paused.Version {
		t.Errorf("state since its own version = %+v, want unchanged", f)
	}
	ok(t, "POST", ts.URL+"/api/reset?session="+id, "", nil)
	reset := state(t, ts, id, "")
	if !equalWeights(reset, start) || reset.Epoch != 0 || len(reset.TrainLoss) != 0 || reset.Status != "ready" {
		t.Errorf("after reset: same weights %v, epoch %d, %d losses, %s; want the initial weights, 0, none, ready",
			equalWeights(reset, start), reset.Epoch, len(reset.TrainLoss), reset.Status)
	}
	// Another session with the same setup starts from the same weights;
	// another seed draws others.
	other := open(t, ts)
	setup(t, ts, other, circle)
	if !equalWeights(state(t, ts, other, ""), start) {
		t.Error("the same setup in another session has other initial weights")
	}
	circle.Seed = "2"
	setup(t, ts, other, circle)
	if equalWeights(state(t, ts, other, ""), start) {
		t.Error("seed 2 gives the weights of seed 1")
	}
}

func equalWeights(a, b testFrame) bool {
	if len(a.Layers) != len(b.Layers) {
		return false
	}
	for l := range a.Layers {
		if len(a.Layers[l].W) != len(b.Layers[l].W) || len(a.Layers[l].B) != len(b.Layers[l].B) {
			return false
		}
		for i := range a.Layers[l].W {
			if a.Layers[l].W[i] != b.Layers[l].W[i] {
				return false
			}
		}
		for i := range a.Layers[l].B {
			if a.Layers[l].B[i] != b.Layers[l].B[i] {
				return false
			}
		}
	}
	return true
}

func itoa(v uint64) string { b, _ := json.Marshal(v); return string(b) }

// XOR trains to a loss below 0.01, and the decision surface, from mlp's
// BoundaryImage, is blue at the two points of class 1 and orange at the two
// of class 0.
func TestTrainXORAndItsSurface(t *testing.T) {
	_, ts, id := start(t, nil)
	xor := builtinDatasets()[0].Defaults
	setup(t, ts, id, xor)
	ok(t, "POST", ts.URL+"/api/run?session="+id, "", nil)
	waitFor(t, ts, id, 20*time.Second, "a loss below 0.01", func(f testFrame) bool {
		return len(f.TrainLoss) > 0 && f.TrainLoss[len(f.TrainLoss)-1] < 0.01
	})
	ok(t, "POST", ts.URL+"/api/pause?session="+id, "", nil)
	f := state(t, ts, id, "")
	if f.TrainAccuracy != 1 {
		t.Errorf("accuracy %v, want 1", f.TrainAccuracy)
	}
	sf := f.Surface
	if sf == nil || len(sf.Points) != 4 {
		t.Fatalf("surface %v, want one with the four points", sf)
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(sf.PNG, "data:image/png;base64,"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	side := img.Bounds().Dx()
	for _, p := range sf.Points {
		px := int((p[0] - sf.XMin) / (sf.XMax - sf.XMin) * float64(side))
		py := int((sf.YMax - p[1]) / (sf.YMax - sf.YMin) * float64(side))
		r, _, bl, _ := img.At(min(px, side-1), min(py, side-1)).RGBA()
		blue := bl > r
		if blue != (p[2] == 1) {
			t.Errorf("surface at the point (%v, %v) of class %v is r=%d b=%d, want %s", p[0], p[1], p[2], r>>8, bl>>8, map[bool]string{true: "blue", false: "orange"}[p[2] == 1])
		}
	}
}

func TestSessionLimit(t *testing.T) {
	lim := testLimits()
	lim.Sessions = 2
	_, ts := newTest(t, lim)
	a := open(t, ts)
	open(t, ts)
	fails(t, "POST", ts.URL+"/api/session", "", 503, "the server has 2 sessions open, its limit (-max-sessions)")
	ok(t, "POST", ts.URL+"/api/close?session="+a, "", nil)
	open(t, ts)
	fails(t, "POST", ts.URL+"/api/run?session="+a, "", 404, "no session "+a)
}

// A session without requests expires, and its training stops.
func TestIdleSessionExpires(t *testing.T) {
	srv, ts, id := start(t, func(l *limits) { l.Idle = 200 * time.Millisecond })
	setup(t, ts, id, builtinDatasets()[1].Defaults)
	ok(t, "POST", ts.URL+"/api/run?session="+id, "", nil)
	done := trainingDone(t, srv, id)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("training still runs 5 s after the last request")
	}
	var h map[string]int
	ok(t, "GET", ts.URL+"/api/health", "", &h)
	if h["sessions"] != 0 || h["running"] != 0 {
		t.Errorf("health %v, want no session and none running", h)
	}
	fails(t, "GET", ts.URL+"/api/state?session="+id, "", 404, "it was closed, or it expired after 200ms without a request")
}

// Closing the page (its beacon) stops its training at once.
func TestCloseStopsTraining(t *testing.T) {
	srv, ts, id := start(t, nil)
	setup(t, ts, id, builtinDatasets()[1].Defaults)
	ok(t, "POST", ts.URL+"/api/run?session="+id, "", nil)
	done := trainingDone(t, srv, id)
	ok(t, "POST", ts.URL+"/api/close?session="+id, "", nil)
	select {
	case <-done:
	default:
		t.Fatal("training goes on after /api/close answered")
	}
}

// openStream opens the event stream at url, which must answer 200
// text/event-stream, until ctx is done.
func openStream(t *testing.T, ctx context.Context, url string) *http.Response {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("stream = %d %s, want 200 text/event-stream", resp.StatusCode, ct)
	}
	return resp
}

// nextEvent decodes the next "data:" line of a stream into v.
func nextEvent(t *testing.T, events *bufio.Reader, v any) {
	t.Helper()
	for {
		line, err := events.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			if err := json.Unmarshal([]byte(data), v); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
}

// The event stream sends frames, keeps its session alive while open, and
// when it ends the session expires.
func TestStream(t *testing.T) {
	srv, ts, id := start(t, func(l *limits) { l.Idle = 300 * time.Millisecond })
	ctx, cancel := context.WithCancel(context.Background())
	resp := openStream(t, ctx, ts.URL+"/api/stream?session="+id+"&sample=1")
	events := bufio.NewReader(resp.Body)
	next := func() testFrame {
		t.Helper()
		var f testFrame
		nextEvent(t, events, &f)
		return f
	}
	first := next()
	if first.Network != "3-5-1" || first.Sample.X[0] != 1 || first.Sample.X[1] != 0 {
		t.Errorf("first event: network %s, sample %v; want 3-5-1 and sample 1, (1, 0, 1)", first.Network, first.Sample.X)
	}
	ok(t, "POST", ts.URL+"/api/step?session="+id, "", nil)
	if f := next(); f.Version <= first.Version || f.Layers[1].W[0] == 1 {
		t.Errorf("after a step the stream sent version %d (first %d), w12[0] %v; want a later version with the new weights", f.Version, first.Version, f.Layers[1].W[0])
	}
	time.Sleep(3 * srv.lim.Idle) // no request but the open stream
	if !alive(srv, id) {
		t.Fatal("the session expired while its stream was open")
	}
	cancel()
	resp.Body.Close()
	deadline := time.Now().Add(5 * time.Second)
	for alive(srv, id) {
		if time.Now().After(deadline) {
			t.Fatal("the session is alive 5 s after its stream ended")
		}
		time.Sleep(20 * time.Millisecond)
	}
	fails(t, "GET", ts.URL+"/api/stream?session="+id, "", 404, "no session")
}

func TestStreamLimitAndBadSample(t *testing.T) {
	_, ts, id := start(t, nil)
	fails(t, "GET", ts.URL+"/api/stream?session="+id+"&sample=4", "", 400, "sample is 4, want 0 to 3")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for range maxStreams {
		openStream(t, ctx, ts.URL+"/api/stream?session="+id)
	}
	fails(t, "GET", ts.URL+"/api/stream?session="+id, "", 429, "this session has 3 streams open")
}

// Training stops when the session has used its training time.
func TestTrainingTimeLimit(t *testing.T) {
	_, ts, id := start(t, func(l *limits) { l.TrainTime = 300 * time.Millisecond })
	setup(t, ts, id, builtinDatasets()[1].Defaults)
	ok(t, "POST", ts.URL+"/api/run?session="+id, "", nil)
	f := waitFor(t, ts, id, 10*time.Second, "stopped", func(f testFrame) bool { return f.Status == "stopped" })
	if !strings.Contains(f.Message, "this session has trained for 300ms, its limit (-max-train)") {
		t.Errorf("message %q, want the training time limit", f.Message)
	}
	fails(t, "POST", ts.URL+"/api/run?session="+id, "", 409, "its limit (-max-train)")
	// A new setup does not give the time back.
	setup(t, ts, id, builtinDatasets()[2].Defaults)
	fails(t, "POST", ts.URL+"/api/run?session="+id, "", 409, "its limit (-max-train)")
}

// speed 20 epochs a second trains about 20 epochs a second.
func TestSpeed(t *testing.T) {
	_, ts, id := start(t, nil)
	r := builtinDatasets()[0].Defaults
	r.Speed = "20"
	setup(t, ts, id, r)
	ok(t, "POST", ts.URL+"/api/run?session="+id, "", nil)
	time.Sleep(500 * time.Millisecond)
	ok(t, "POST", ts.URL+"/api/pause?session="+id, "", nil)
	if f := state(t, ts, id, ""); f.Epoch < 5 || f.Epoch > 12 {
		t.Errorf("%d epochs in 0.5 s at 20 a second, want about 10", f.Epoch)
	}
}

func TestUpload(t *testing.T) {
	_, ts, id := start(t, func(l *limits) { l.Upload = 2000 })
	url := ts.URL + "/api/upload?session=" + id + "&name=points.csv"
	var csv strings.Builder
	csv.WriteString("x,y,class\n")
	for i := range 60 {
		k := i % 3
		csv.WriteString(strings.Join([]string{itoa(uint64(k*10 + i%7)), itoa(uint64(i % 5)), []string{"red", "green", "blue"}[k]}, ",") + "\n")
	}
	var d datasetJSON
	ok(t, "POST", url, csv.String(), &d)
	if d.Name != "upload" || d.Samples != 60 || d.Features != 2 || strings.Join(d.Classes, ",") != "red,green,blue" || !d.Plane {
		t.Errorf("upload = %+v, want 60 samples of 2 features, classes red, green, blue, on a plane", d)
	}
	if !strings.Contains(d.Title, `your CSV "points.csv": 60 samples (45 to train on, 15 to test), 2 features, 3 classes`) {
		t.Errorf("title %q", d.Title)
	}
	setup(t, ts, id, d.Defaults)
	f := state(t, ts, id, "")
	if f.Network != "2-16-3" || f.Surface == nil || len(f.Surface.Points) != 45 {
		t.Errorf("setup of the upload: network %s, surface %v; want 2-16-3 with 45 points", f.Network, f.Surface != nil)
	}
	fails(t, "POST", url, "a,b,class\n1,2,x\n3,4\n", 400, "mlp: ReadCSV: line 3")
	fails(t, "POST", url, "a,class\n1,x\n2,x\n3,x\n", 400, `the CSV has 1 class ("x"), want at least 2`)
	fails(t, "POST", url, strings.Repeat("1,", 1500), 413, "the CSV is more than 2000 bytes, the limit (-max-upload)")
	fails(t, "GET", url, "", 405, "takes POST")
}

func TestDownloads(t *testing.T) {
	_, ts, id := start(t, nil)
	dl := func(file string) (int, string) {
		code, b := do(t, "GET", ts.URL+"/api/download/"+file+"?session="+id, "")
		return code, string(b)
	}
	fails(t, "GET", ts.URL+"/api/download/trace.md?session="+id, "", 404, "no step traced yet: press Step first")
	fails(t, "GET", ts.URL+"/api/download/loss.svg?session="+id, "", 404, "no loss yet: press Run first")
	ok(t, "POST", ts.URL+"/api/step?session="+id, "", nil)
	code, md := dl("trace.md")
	if code != 200 || !strings.Contains(md, "### `z_h`") || !strings.Contains(md, "$$z_h = X \\cdot w_{01}$$") {
		t.Errorf("trace.md = %d %.200q, want the step's Markdown", code, md)
	}
	code, js := dl("network.json")
	net, err := mlp.Load(strings.NewReader(js))
	if code != 200 || err != nil {
		t.Fatalf("network.json = %d, Load: %v", code, err)
	}
	f := state(t, ts, id, "")
	for l, layer := range net.Layers {
		for i, w := range layer.W.RawData() {
			if math.Abs(w-f.Layers[l].W[i]) > 1e-6*math.Abs(w) {
				t.Errorf("network.json Layers[%d].W[%d] = %v, the page has %v", l, i, w, f.Layers[l].W[i])
			}
		}
	}
	code, svg := dl("diagram.svg")
	if code != 200 || !strings.HasPrefix(svg, "<svg") || strings.Count(svg, `class="weight"`) != 20 {
		t.Errorf("diagram.svg = %d, %d weights, want an SVG of the 20 weights of 3-5-1", code, strings.Count(svg, `class="weight"`))
	}
	setup(t, ts, id, builtinDatasets()[1].Defaults)
	ok(t, "POST", ts.URL+"/api/run?session="+id, "", nil)
	waitFor(t, ts, id, 10*time.Second, "past epoch 3", func(f testFrame) bool { return f.Epoch > 3 })
	ok(t, "POST", ts.URL+"/api/pause?session="+id, "", nil)
	code, svg = dl("loss.svg")
	if code != 200 || !strings.HasPrefix(svg, "<svg") || !strings.Contains(svg, "training") || !strings.Contains(svg, "test") {
		t.Errorf("loss.svg = %d %.100q, want an SVG with training and test curves", code, svg)
	}
}

// The server answers garbage with messages, never a 5xx, and goes on.
func TestGarbageRequests(t *testing.T) {
	_, ts, id := start(t, nil)
	paths := []string{"/api/session", "/api/state", "/api/stream", "/api/setup", "/api/upload", "/api/run", "/api/pause",
		"/api/reset", "/api/step", "/api/close", "/api/download/network.json", "/api/download/x", "/api/health", "/api/"}
	bodies := []string{"", "\x00\xff\xfe", `{"dataset":1e400}`, `{"hidden":"` + strings.Repeat("9,", 500) + `"}`, "{{{{", `"`, `{"seed":"18446744073709551616"}`}
	queries := []string{"", "?session=" + id, "?session=" + id + "&sample=99999999999999999999", "?session=%25zz", "?session=" + id + "&since=-5"}
	n := 0
	for _, p := range paths {
		if p == "/api/close" || p == "/api/stream" {
			continue // close ends the session; stream stays open: tested apart
		}
		for _, q := range queries {
			for _, m := range []string{"GET", "POST", "PUT"} {
				if p == "/api/session" && m == "POST" {
					continue // opens sessions: TestSessionLimit
				}
				for _, b := range bodies {
					code, body := do(t, m, ts.URL+p+q, b)
					n++
					if code >= 500 {
						t.Errorf("%s %s%s %.30q = %d %s", m, p, q, b, code, body)
					}
					if code >= 400 && !bytes.HasPrefix(body, []byte(`{"error":"mlp: `)) {
						t.Errorf("%s %s%s = %d %.100s, want a JSON error starting mlp:", m, p, q, code, body)
					}
				}
			}
		}
	}
	// The session still works.
	if f := state(t, ts, id, ""); f.Network == "" {
		t.Errorf("after %d garbage requests the session has no network", n)
	}
}

func TestRunServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r, w := io.Pipe()
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, w, "127.0.0.1", 0, "../../testdata", defaultLimits); w.Close() }()
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, r)
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "mlp playground: open ")
	url, _, _ = strings.Cut(url, " ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("printed %q, want the address to open", line)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET %s = %d, want 200", url, resp.StatusCode)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("run after ctx done = %v, want nil", err)
	}
	bad := defaultLimits
	bad.Sessions = 0
	if err := run(context.Background(), io.Discard, "127.0.0.1", 0, "", bad); err == nil || !strings.Contains(err.Error(), "-max-sessions is 0") {
		t.Errorf("run with -max-sessions 0 = %v, want an error naming it", err)
	}
	if err := run(context.Background(), io.Discard, "127.0.0.1", 70000, "", defaultLimits); err == nil || !strings.Contains(err.Error(), "-port is 70000") {
		t.Errorf("run with -port 70000 = %v, want an error naming it", err)
	}
}

// FuzzSetup sends any body to /api/setup: the answer is 200 or a JSON
// error starting "mlp: ", never a panic or a 5xx.
func FuzzSetup(f *testing.F) {
	for _, d := range builtinDatasets() {
		b, _ := json.Marshal(d.Defaults)
		f.Add(string(b))
	}
	b, _ := json.Marshal(tutorialSetup)
	f.Add(string(b))
	f.Add(`{"dataset":"xor","hidden":"1e9"}`)
	f.Add(`{"hidden":-1,"learningRate":1e308,"batchSize":"all","seed":18446744073709551615}`)
	f.Add("\x00")
	lim := testLimits()
	lim.Params = 5000
	srv := newServer(lim, builtinDatasets(), f.Logf)
	defer srv.close()
	h := srv.handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/session", nil))
	var s struct{ Session string }
	if err := json.Unmarshal(rec.Body.Bytes(), &s); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/setup?session="+s.Session, strings.NewReader(body)))
		if rec.Code == 200 {
			return
		}
		if rec.Code >= 500 || !strings.HasPrefix(rec.Body.String(), `{"error":"mlp: `) {
			t.Errorf("setup %.100q = %d %.200s, want 200 or a JSON error", body, rec.Code, rec.Body)
		}
	})
}

// The stream sends each loss point once: a page that adds each frame's
// points at CurveFrom has the curves /api/state gives whole, also across
// the merges of points when the curves grow past maxPoints.
func TestStreamSendsCurvePointsOnce(t *testing.T) {
	_, ts, id := start(t, nil)
	setup(t, ts, id, builtinDatasets()[1].Defaults)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := bufio.NewReader(openStream(t, ctx, ts.URL+"/api/stream?session="+id).Body)
	var train, test []float64
	strides, partial := map[int]bool{}, 0
	read := func() (status string, epoch int) {
		var f struct {
			Status              string
			Epoch               int
			Stride, CurveFrom   int
			TrainLoss, TestLoss []float64
		}
		nextEvent(t, events, &f)
		if f.CurveFrom > len(train) {
			t.Fatalf("a frame's points start at %d, the page has %d", f.CurveFrom, len(train))
		}
		if f.CurveFrom > 0 {
			partial++
		}
		train = append(train[:f.CurveFrom], f.TrainLoss...)
		test = append(test[:min(f.CurveFrom, len(test))], f.TestLoss...)
		strides[f.Stride] = true
		return f.Status, f.Epoch
	}
	read()
	ok(t, "POST", ts.URL+"/api/run?session="+id, "", nil)
	for {
		if _, epoch := read(); epoch > 3*maxPoints {
			break
		}
	}
	ok(t, "POST", ts.URL+"/api/pause?session="+id, "", nil)
	for {
		if status, _ := read(); status == "paused" {
			break
		}
	}
	whole := state(t, ts, id, "")
	if len(train) != len(whole.TrainLoss) || len(test) != len(whole.TestLoss) {
		t.Fatalf("the stream's curves have %d and %d points, the state's %d and %d", len(train), len(test), len(whole.TrainLoss), len(whole.TestLoss))
	}
	for i := range train {
		if train[i] != whole.TrainLoss[i] || test[i] != whole.TestLoss[i] {
			t.Fatalf("point %d: the stream's curves have %v and %v, the state's %v and %v", i, train[i], test[i], whole.TrainLoss[i], whole.TestLoss[i])
		}
	}
	if len(strides) < 2 || partial == 0 {
		t.Errorf("strides %v, %d frames with part of the curves: want the points merged at least once and frames sending only new points", strides, partial)
	}
}

// A setup that changes only how the network trains keeps the network and
// its progress, and training goes on; one that changes the network starts
// it anew.
func TestSetupKeepsTheNetworkWhenOnlyTrainingChanges(t *testing.T) {
	_, ts, id := start(t, nil)
	circle := builtinDatasets()[1].Defaults
	setup(t, ts, id, circle)
	ok(t, "POST", ts.URL+"/api/run?session="+id, "", nil)
	before := waitFor(t, ts, id, 10*time.Second, "past epoch 5", func(f testFrame) bool { return f.Epoch > 5 })
	tuned := circle
	tuned.LearningRate, tuned.Optimizer, tuned.BatchSize, tuned.Speed = "0.001", "momentum", "20", "1000"
	var r struct{ Kept bool }
	b, _ := json.Marshal(tuned)
	ok(t, "POST", ts.URL+"/api/setup?session="+id, string(b), &r)
	f := waitFor(t, ts, id, 10*time.Second, "the new learning rate shown", func(f testFrame) bool { return f.Setup.LearningRate == "0.001" })
	if !r.Kept || f.Status != "running" || f.Epoch < before.Epoch {
		t.Errorf("after a new learning rate: kept %v, %s at epoch %d (was %d); want kept, running on", r.Kept, f.Status, f.Epoch, before.Epoch)
	}
	ok(t, "POST", ts.URL+"/api/pause?session="+id, "", nil)
	tuned.Seed = "2"
	b, _ = json.Marshal(tuned)
	ok(t, "POST", ts.URL+"/api/setup?session="+id, string(b), &r)
	if f := state(t, ts, id, ""); r.Kept || f.Epoch != 0 || f.Status != "ready" {
		t.Errorf("after a new seed: kept %v, epoch %d, %s; want a new network, 0, ready", r.Kept, f.Epoch, f.Status)
	}
}
