package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/glassbox-go/mlp"
)

// limits bound what one page may ask of the server. Each is a flag.
type limits struct {
	Sessions  int           // sessions (open pages) at once
	Idle      time.Duration // a session without a request for this long is closed
	TrainTime time.Duration // training time of one session, in all
	Units     int           // units of any layer, the inputs included
	Layers    int           // hidden layers
	Params    int           // weights and biases of a network
	Work      int           // samples of a batch times parameters: the work of one step
	Upload    int64         // bytes of an uploaded CSV
}

// defaultLimits are the flags' defaults.
var defaultLimits = limits{
	Sessions:  8,
	Idle:      10 * time.Second,
	TrainTime: 10 * time.Minute,
	Units:     512,
	Layers:    6,
	Params:    200_000,
	Work:      500_000_000,
	Upload:    1 << 20,
}

// check returns an error naming the first limit that is out of range.
func (l limits) check() error {
	switch {
	case l.Sessions < 1:
		return fmt.Errorf("-max-sessions is %d, want at least 1", l.Sessions)
	case l.Idle < 100*time.Millisecond:
		return fmt.Errorf("-session-idle is %v, want at least 100ms", l.Idle)
	case l.TrainTime <= 0:
		return fmt.Errorf("-max-train is %v, want more than 0", l.TrainTime)
	case l.Units < 2:
		return fmt.Errorf("-max-units is %d, want at least 2", l.Units)
	case l.Layers < 0:
		return fmt.Errorf("-max-layers is %d, want at least 0", l.Layers)
	case l.Params < 1:
		return fmt.Errorf("-max-params is %d, want at least 1", l.Params)
	case l.Work < 1:
		return fmt.Errorf("-max-work is %d, want at least 1", l.Work)
	case l.Upload < 1:
		return fmt.Errorf("-max-upload is %d, want at least 1", l.Upload)
	}
	return nil
}

// A setupRequest is the page's form, as it sends it: every field as the
// text typed or chosen, so that an error can quote what came. Numbers may
// also come as JSON numbers.
type setupRequest struct {
	Dataset      string `json:"dataset"`
	Hidden       text   `json:"hidden"`     // hidden layer sizes: "16, 8"; empty for none
	Activation   string `json:"activation"` // of the hidden layers
	Output       string `json:"output"`     // activation of the output layer
	Loss         string `json:"loss"`
	Bias         bool   `json:"bias"`
	Init         string `json:"init"`      // "default", "glorot", "he", "uniform" or "constant"
	InitLow      text   `json:"initLow"`   // of "uniform"
	InitHigh     text   `json:"initHigh"`  // of "uniform"
	InitValue    text   `json:"initValue"` // of "constant"
	Optimizer    string `json:"optimizer"` // "gradient-descent", "momentum" or "adam"
	LearningRate text   `json:"learningRate"`
	BatchSize    text   `json:"batchSize"` // "all", or 1 to the training samples
	SumLoss      bool   `json:"sumLoss"`   // follow the summed gradient, as the tutorial and Network.Step
	Seed         text   `json:"seed"`      // of the initial weights
	Speed        text   `json:"speed"`     // epochs a second; "max" or empty for as fast as it goes
}

// text is a form field: a JSON string, or a JSON number kept as written.
type text string

// UnmarshalJSON accepts a string or a number.
func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil || len(b) == 0 || b[0] == 'n' { // null unmarshals into a Number as ""
		return fmt.Errorf("mlp: %s is not a string or a number", short(string(b)))
	}
	*t = text(n)
	return nil
}

// The choices of the form, in the order the page lists them.
var (
	hiddenActivations = []mlp.Activation{mlp.Sigmoid, mlp.Tanh, mlp.ReLU, mlp.Identity}
	outputActivations = []mlp.Activation{mlp.Sigmoid, mlp.Softmax, mlp.Tanh, mlp.Identity, mlp.ReLU}
	lossChoices       = []mlp.Loss{mlp.SquaredError, mlp.BinaryCrossEntropy, mlp.CrossEntropy}
	initChoices       = []string{"default", "glorot", "he", "uniform", "constant"}
	optimizerChoices  = []string{"gradient-descent", "momentum", "adam"}
)

// names returns the String of each choice.
func names[T fmt.Stringer](all []T) []string {
	var s []string
	for _, a := range all {
		s = append(s, a.String())
	}
	return s
}

// config is a checked setupRequest.
type config struct {
	req        setupRequest // as it came, to send back to the page
	data       *dataset
	sizes      []int
	activation mlp.Activation
	output     mlp.Activation
	loss       mlp.Loss
	options    []mlp.Option // of New, but the seed
	seed       uint64
	optimizer  string
	eta        float64 // the learning rate
	batch      int     // samples a batch, at least 1
	sumLoss    bool
	speed      float64 // epochs a second, 0 for no limit
}

// The largest learning rate and initial weight the form accepts.
const (
	maxLearningRate = 100
	maxInitWeight   = 100
	maxSpeed        = 100_000
)

// parseSetup checks every field of r against the data sets and the limits
// and returns the config, or an error naming the first field at fault,
// what came and what is wanted.
func parseSetup(r setupRequest, find func(name string) (*dataset, error), lim limits) (*config, error) {
	c := &config{req: r}
	var err error
	if c.data, err = find(r.Dataset); err != nil {
		return nil, err
	}
	rows, _ := c.data.XTrain.Dims()

	if c.activation, err = mlp.ParseActivation(r.Activation); err != nil {
		return nil, fmt.Errorf("mlp: activation of the hidden layers is %s, want one of %s", short(r.Activation), strings.Join(names(hiddenActivations), ", "))
	}
	if c.activation == mlp.Softmax {
		return nil, fmt.Errorf("mlp: activation of the hidden layers is softmax, want one of %s (softmax is for the output layer)", strings.Join(names(hiddenActivations), ", "))
	}
	if c.output, err = mlp.ParseActivation(r.Output); err != nil {
		return nil, fmt.Errorf("mlp: output activation is %s, want one of %s", short(r.Output), strings.Join(names(outputActivations), ", "))
	}
	if c.loss, err = mlp.ParseLoss(r.Loss); err != nil {
		return nil, fmt.Errorf("mlp: loss is %s, want one of %s", short(r.Loss), strings.Join(names(lossChoices), ", "))
	}
	switch {
	case c.loss == mlp.CrossEntropy && c.output != mlp.Softmax:
		return nil, fmt.Errorf("mlp: loss cross-entropy needs the softmax output (one probability a class), output is %v", c.output)
	case c.loss == mlp.BinaryCrossEntropy && c.output != mlp.Sigmoid:
		return nil, fmt.Errorf("mlp: loss binary-cross-entropy needs the sigmoid output (outputs between 0 and 1), output is %v", c.output)
	}

	hidden, err := parseHidden(string(r.Hidden), lim)
	if err != nil {
		return nil, err
	}
	c.sizes = append(append([]int{len(c.data.Features)}, hidden...), c.data.outputs(c.output.String()))
	params := 0
	for l := 1; l < len(c.sizes); l++ {
		in := c.sizes[l-1]
		if r.Bias {
			in++
		}
		params += in * c.sizes[l]
	}
	if params > lim.Params {
		return nil, fmt.Errorf("mlp: network %s has %d weights and biases, want at most %d (-max-params)", sizesString(c.sizes), params, lim.Params)
	}

	c.options = []mlp.Option{mlp.WithActivation(c.activation), mlp.WithOutputActivation(c.output), mlp.WithLoss(c.loss)}
	if !r.Bias {
		c.options = append(c.options, mlp.WithoutBias())
	}
	switch r.Init {
	case "default":
	case "glorot":
		c.options = append(c.options, mlp.WithGlorotInit())
	case "he":
		c.options = append(c.options, mlp.WithHeInit())
	case "uniform":
		lo, err := parseFloat("lowest initial weight", r.InitLow, -maxInitWeight, maxInitWeight)
		if err != nil {
			return nil, err
		}
		hi, err := parseFloat("highest initial weight", r.InitHigh, -maxInitWeight, maxInitWeight)
		if err != nil {
			return nil, err
		}
		if !(lo < hi) {
			return nil, fmt.Errorf("mlp: initial weights from %v to %v, want the lowest below the highest", lo, hi)
		}
		c.options = append(c.options, mlp.WithUniformInit(lo, hi))
	case "constant":
		v, err := parseFloat("initial weight", r.InitValue, -maxInitWeight, maxInitWeight)
		if err != nil {
			return nil, err
		}
		c.options = append(c.options, mlp.WithConstantInit(v))
	default:
		return nil, fmt.Errorf("mlp: initial weights are %s, want one of %s", short(r.Init), strings.Join(initChoices, ", "))
	}

	switch r.Optimizer {
	case "gradient-descent", "momentum", "adam":
		c.optimizer = r.Optimizer
	default:
		return nil, fmt.Errorf("mlp: optimizer is %s, want one of %s", short(r.Optimizer), strings.Join(optimizerChoices, ", "))
	}
	if c.eta, err = parseFloat("learning rate", r.LearningRate, 0, maxLearningRate); err != nil {
		return nil, err
	}
	if c.eta == 0 {
		return nil, fmt.Errorf("mlp: learning rate is %s, want a number greater than 0 and at most %d", short(string(r.LearningRate)), maxLearningRate)
	}
	switch b := strings.TrimSpace(string(r.BatchSize)); b {
	case "all", "0":
		c.batch = rows
	default:
		n, err := strconv.Atoi(b)
		if err != nil || n < 1 || n > rows {
			return nil, fmt.Errorf("mlp: batch size is %s, want a whole number from 1 to %d (the training samples) or \"all\"", short(b), rows)
		}
		c.batch = n
	}
	if work := c.batch * params; work > lim.Work {
		return nil, fmt.Errorf("mlp: a batch of %d samples through %d weights is %d multiply-adds a step, want at most %d (-max-work): take smaller batches or a smaller network", c.batch, params, work, lim.Work)
	}
	c.sumLoss = r.SumLoss
	s := strings.TrimSpace(string(r.Seed))
	if c.seed, err = strconv.ParseUint(s, 10, 64); err != nil {
		return nil, fmt.Errorf("mlp: seed is %s, want a whole number from 0 to %d", short(s), uint64(math.MaxUint64))
	}
	switch sp := strings.TrimSpace(string(r.Speed)); sp {
	case "", "max":
	default:
		v, err := strconv.Atoi(sp)
		if err != nil || v < 1 || v > maxSpeed {
			return nil, fmt.Errorf("mlp: speed is %s, want \"max\" or a whole number of epochs a second from 1 to %d", short(sp), maxSpeed)
		}
		c.speed = float64(v)
	}
	return c, nil
}

// parseHidden reads hidden layer sizes such as "16, 8" or "16 8".
func parseHidden(s string, lim limits) ([]int, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(fields) > lim.Layers {
		return nil, fmt.Errorf("mlp: hidden layers are %s, %d layers; want at most %d (-max-layers)", short(s), len(fields), lim.Layers)
	}
	var sizes []int
	for _, f := range fields {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > lim.Units {
			return nil, fmt.Errorf("mlp: hidden layers are %s: %s is not a size; want whole numbers from 1 to %d (-max-units) separated by commas, such as \"16, 8\"", short(s), short(f), lim.Units)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// parseFloat reads a finite number from lo to hi.
func parseFloat(what string, t text, lo, hi float64) (float64, error) {
	s := strings.TrimSpace(string(t))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < lo || v > hi {
		return 0, fmt.Errorf("mlp: %s is %s, want a number from %v to %v", what, short(s), lo, hi)
	}
	return v, nil
}

// sameNetwork reports whether c and o make the same network from the same
// data: they differ at most in how it trains (optimizer, learning rate,
// batch size, summed loss, speed).
func (c *config) sameNetwork(o *config) bool {
	a, b := c.req, o.req
	same := c.data == o.data && slices.Equal(c.sizes, o.sizes) && c.activation == o.activation && c.output == o.output &&
		c.loss == o.loss && a.Bias == b.Bias && a.Init == b.Init && c.seed == o.seed
	switch a.Init {
	case "uniform":
		same = same && a.InitLow == b.InitLow && a.InitHigh == b.InitHigh
	case "constant":
		same = same && a.InitValue == b.InitValue
	}
	return same
}

// network returns a new network of c, with the initial weights of its seed.
func (c *config) network() (*mlp.Network, error) {
	return mlp.New(c.sizes, append(c.options, mlp.WithSeed(c.seed))...)
}

// newOptimizer returns a new optimizer of c, with no state.
func (c *config) newOptimizer() mlp.Optimizer {
	switch c.optimizer {
	case "momentum":
		return mlp.NewMomentum(0.9)
	case "adam":
		return mlp.NewAdam()
	}
	return mlp.GradientDescent{}
}

// sizesString writes sizes as the library does: "3-5-1".
func sizesString(sizes []int) string {
	s := make([]string, len(sizes))
	for i, n := range sizes {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, "-")
}

// short quotes s for an error message, cut to its first 40 characters.
func short(s string) string {
	const most = 40
	if utf8.RuneCountInString(s) <= most {
		return strconv.Quote(s)
	}
	r := []rune(s)
	return strconv.Quote(string(r[:most])) + "…"
}
