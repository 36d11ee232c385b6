package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image/png"
	"math"
	"strconv"
	"sync"

	"github.com/glassbox-go/mlp"
)

// The view is the session's copy of the network for the page's reads: the
// frames it streams, the hover values of one sample, the decision surface and
// the downloads. It is refreshed from the publication on each read.
type view struct {
	mu sync.Mutex
	snapshot

	surface        *surfaceJSON // of surfaceVersion
	surfaceVersion uint64
}

// refreshLocked brings the view up to the latest publication. The caller
// holds s.view.mu.
func (s *session) refreshLocked() error {
	v, p := &s.view, &s.publish
	p.mu.Lock()
	defer p.mu.Unlock()
	if v.generation != p.generation {
		net, err := cloneNetwork(p.net)
		if err != nil {
			return err
		}
		v.net, v.cfg, v.yTrain, v.generation = net, p.cfg, p.yTrain, p.generation
		v.surface = nil
	} else if v.version != p.version {
		copyWeights(v.net, p.net)
	}
	if v.version != p.version {
		v.version, v.cfg = p.version, p.cfg
		v.prog = p.prog.clone()
		v.trace = p.trace
	}
	return nil
}

// frameJSON is what the page draws: the network, one sample's values in it,
// the loss curves, the decision surface and the explanation.
type frameJSON struct {
	Version    uint64 `json:"version"`
	Generation uint64 `json:"generation"`
	Unchanged  bool   `json:"unchanged,omitempty"` // nothing new since the version the page has

	Status         string       `json:"status"`
	Message        string       `json:"message"`
	Epoch          int          `json:"epoch"`
	Steps          int          `json:"steps"`
	TrainedSeconds jnum         `json:"trainedSeconds"`
	LimitSeconds   jnum         `json:"limitSeconds"`
	Setup          setupRequest `json:"setup"`
	Dataset        string       `json:"dataset"` // its title
	Samples        int          `json:"samples"` // training samples
	TestSamples    int          `json:"testSamples"`
	Network        string       `json:"network"` // "3-5-1"

	Loss        string      `json:"loss"`
	InputNames  []string    `json:"inputNames"`
	OutputNames []string    `json:"outputNames"`
	Layers      []layerJSON `json:"layers"`
	Sample      *sampleJSON `json:"sample"`

	// The loss per sample, one point every Stride epochs, from point
	// CurveFrom on: a stream sends the page only the points it lacks.
	TrainLoss weights      `json:"trainLoss"`
	TestLoss  weights      `json:"testLoss"`
	Stride    int          `json:"stride"`
	CurveFrom int          `json:"curveFrom"`
	TrainAcc  jnum         `json:"trainAccuracy"` // -1 when not measured
	TestAcc   jnum         `json:"testAccuracy"`
	Explain   explanation  `json:"explain"`
	Surface   *surfaceJSON `json:"surface"`
	HasTrace  bool         `json:"hasTrace"`
}

// layerJSON is one layer: W (In×Out, row-major) and B.
type layerJSON struct {
	Activation string  `json:"activation"`
	In         int     `json:"in"`
	Out        int     `json:"out"`
	W          weights `json:"w"`
	B          weights `json:"b"` // null when the layer has no biases
}

// sampleJSON is one training sample going through the network: its input
// and target, and in each layer Z, A, DA = ∂E/∂A and DZ = ∂E/∂Z of a
// Forward and Backward of that sample alone. The gradient of a weight for
// the sample is the product of its input's A and its unit's DZ.
type sampleJSON struct {
	Index  int        `json:"index"`
	X      jnums      `json:"x"`
	Y      jnums      `json:"y"`
	E      jnum       `json:"e"`
	Layers []passJSON `json:"layers"`
}

type passJSON struct {
	Z  jnums `json:"z"`
	A  jnums `json:"a"`
	DA jnums `json:"da"`
	DZ jnums `json:"dz"`
}

// surfaceJSON is the decision surface of a network on data of the plane:
// BoundaryImage's picture of the rectangle, and the training points.
type surfaceJSON struct {
	PNG    string    `json:"png"` // a data: URL
	XMin   jnum      `json:"xMin"`
	XMax   jnum      `json:"xMax"`
	YMin   jnum      `json:"yMin"`
	YMax   jnum      `json:"yMax"`
	Points [][3]jnum `json:"points"` // x, y and class
}

// A frameRequest says which frame to make: the sample to follow, and what
// the page has, so that it gets only what is new.
type frameRequest struct {
	sample     int
	since      uint64 // the version the page has
	sameSample bool   // …for this sample: if so and nothing is newer, the frame is Unchanged
	curves     *sent  // the points of the loss curves the page has, nil for none; updated
}

// sent is what a stream has sent of the loss curves.
type sent struct{ stride, points int }

// frame returns, as JSON, what the page draws (see frameRequest), and its
// version; only the version and Unchanged when the page has it, and then
// changed is false. It encodes under the view's lock: the frame shares the
// view's matrices.
func (s *session) frame(r frameRequest) (b []byte, version uint64, changed bool, err error) {
	v := &s.view
	v.mu.Lock()
	defer v.mu.Unlock()
	f, err := s.frameLocked(r)
	if err != nil {
		return nil, 0, false, err
	}
	b, err = json.Marshal(f)
	return b, f.Version, !f.Unchanged, err
}

func (s *session) frameLocked(r frameRequest) (*frameJSON, error) {
	v := &s.view
	if err := s.refreshLocked(); err != nil {
		return nil, err
	}
	rows, _ := v.cfg.data.XTrain.Dims()
	sample := r.sample
	if sample < 0 || sample >= rows {
		return nil, badRequest("mlp: sample is %d, want 0 to %d (one of the %d training samples)", sample, rows-1, rows)
	}
	f := &frameJSON{Version: v.version, Generation: v.generation}
	if r.since == v.version && r.sameSample {
		f.Unchanged = true
		return f, nil
	}
	c, p := v.cfg, &v.prog
	d := c.data
	f.Status, f.Message, f.Epoch, f.Steps = p.Status, p.Message, p.Epoch, p.Steps
	f.TrainedSeconds, f.LimitSeconds = jnum(p.Trained.Seconds()), jnum(s.lim.TrainTime.Seconds())
	f.Setup, f.Dataset, f.Samples, f.Network = c.req, d.Title, rows, sizesString(c.sizes)
	if d.XTest != nil {
		f.TestSamples, _ = d.XTest.Dims()
	}
	f.Loss = v.net.Loss.String()
	f.InputNames, f.OutputNames = d.Features, outputNames(d, c)
	for _, l := range v.net.Layers {
		in, out := l.W.Dims()
		lj := layerJSON{Activation: l.Activation.String(), In: in, Out: out, W: l.W.RawData()}
		if l.B != nil {
			lj.B = l.B.RawData()
		}
		f.Layers = append(f.Layers, lj)
	}
	train, test := p.TrainLoss.points, p.TestLoss.points
	f.Stride = max(p.TrainLoss.stride, 1)
	if c := r.curves; c != nil {
		if c.stride == f.Stride && c.points <= len(train) {
			f.CurveFrom = c.points
		}
		c.stride, c.points = f.Stride, len(train)
	}
	f.TrainLoss = train[f.CurveFrom:]
	f.TestLoss = test[min(f.CurveFrom, len(test)):]
	f.TrainAcc, f.TestAcc, f.Explain = jnum(p.TrainAcc), jnum(p.TestAcc), p.Explain
	f.HasTrace = v.trace != nil
	var err error
	if f.Sample, err = s.samplePassLocked(sample); err != nil {
		return nil, err
	}
	if d.Plane != nil {
		if v.surface == nil || v.surfaceVersion != v.version {
			if v.surface, err = surface(v.net, d); err != nil {
				return nil, err
			}
			v.surfaceVersion = v.version
		}
		f.Surface = v.surface
	}
	return f, nil
}

// outputNames names the output units: the classes, or for one output the
// class its high values stand for.
func outputNames(d *dataset, c *config) []string {
	if c.sizes[len(c.sizes)-1] == 1 {
		return []string{"class " + d.Classes[1]}
	}
	return d.Classes
}

// samplePassLocked runs training sample i alone through the view's
// network, forward and backward, and returns every layer's values.
func (s *session) samplePassLocked(i int) (*sampleJSON, error) {
	v := &s.view
	x := rowsOf(v.cfg.data.XTrain, i, i+1).Clone()
	y := rowsOf(v.yTrain, i, i+1).Clone()
	if _, err := v.net.Forward(x); err != nil {
		return nil, err
	}
	e, err := v.net.Backward(y)
	if err != nil {
		return nil, err
	}
	sj := &sampleJSON{Index: i, X: x.RawData(), Y: y.RawData(), E: jnum(e)}
	for _, l := range v.net.Layers {
		sj.Layers = append(sj.Layers, passJSON{Z: l.Z.Row(0), A: l.A.Row(0), DA: l.DA.Row(0), DZ: l.DZ.Row(0)})
	}
	return sj, nil
}

// A decision surface is at most surfaceSide pixels square (the page scales
// it up, smoothly), and takes about surfaceWork multiply-adds at most: its
// side shrinks for larger networks.
const (
	surfaceSide = 100
	surfaceWork = 10_000_000
)

// surface draws n's decision surface over d's plane with mlp.BoundaryImage,
// without points (the page draws them over it).
func surface(n *mlp.Network, d *dataset) (*surfaceJSON, error) {
	params := 0
	for _, l := range n.Layers {
		r, c := l.W.Dims()
		params += (r + 1) * c
	}
	side := min(surfaceSide, max(16, int(math.Sqrt(surfaceWork/float64(params)))))
	p := d.Plane
	img, err := mlp.BoundaryImage(n, nil, nil, &mlp.BoundaryOptions{
		XMin: p.XMin, XMax: p.XMax, YMin: p.YMin, YMax: p.YMax,
		Width: side, Height: side, Constants: p.Constants,
	})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, img); err != nil {
		return nil, err
	}
	sf := &surfaceJSON{
		PNG:  "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes()),
		XMin: jnum(p.XMin), XMax: jnum(p.XMax), YMin: jnum(p.YMin), YMax: jnum(p.YMax),
	}
	for i, k := range mlp.Classify(d.YTrain) {
		sf.Points = append(sf.Points, [3]jnum{jnum(d.XTrain.At(i, 0)), jnum(d.XTrain.At(i, 1)), jnum(k)})
	}
	return sf, nil
}

// jnum is a float64 that encodes as JSON in its shortest exact form, and as
// null when it is NaN or infinite (which JSON cannot carry).
type jnum float64

func (v jnum) MarshalJSON() ([]byte, error) { return appendNum(nil, float64(v), -1), nil }

// jnums are float64s encoded as jnum.
type jnums []float64

func (v jnums) MarshalJSON() ([]byte, error) { return appendNums(v, -1), nil }

// weights are float64s encoded with 7 significant digits, enough for the
// page's pictures, curves and hover values at a third of the bytes.
type weights []float64

func (v weights) MarshalJSON() ([]byte, error) { return appendNums(v, 7), nil }

func appendNums(v []float64, digits int) []byte {
	if v == nil {
		return []byte("null")
	}
	b := make([]byte, 0, 2+len(v)*(digits+8))
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendNum(b, x, digits)
	}
	return append(b, ']')
}

func appendNum(b []byte, x float64, digits int) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, x, 'g', digits, 64)
}
