// Command playground is the glass box in a browser: a local web server whose
// one page shows a network learning live, as TensorFlow Playground does (the
// units, the weights as coloured lines, the decision surface, the training
// and test loss), and steps through it with the real numbers, as the
// tutorial does (every matrix of one Forward, Backward and Step, with its
// name, meaning, formula and shapes, printed as numpy prints it).
//
//	go run ./examples/playground              # then open the address it prints
//	go run ./examples/playground -port 0      # on any free port
//
// Training runs in the server, in the library, one goroutine a page. The
// server sends the page the weights and the loss up to 50 times a second
// over a stream of server-sent events; when the page is closed the stream
// ends, and 10 s later (-session-idle) the session is closed and its
// training stopped (at once if the page's last words, a beacon, arrive). The flags bound what a page may ask: sessions,
// layer sizes, parameters, work per step, training time and upload size.
//
// The page loads nothing from elsewhere: its HTML, CSS and JavaScript are
// embedded in the program. Iris and digits are read from the module's
// testdata folder (found from the working folder, or given by -testdata).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

func main() {
	lim := defaultLimits
	addr := flag.String("addr", "127.0.0.1", "host address to listen on; 127.0.0.1 keeps the page to this machine")
	port := flag.Int("port", 8080, "port to listen on; 0 picks a free one")
	testdata := flag.String("testdata", "", "folder of iris.csv and digits.csv (default: the testdata folder of the module, found from the working folder)")
	flag.IntVar(&lim.Sessions, "max-sessions", lim.Sessions, "most sessions (open pages) at once")
	flag.DurationVar(&lim.Idle, "session-idle", lim.Idle, "a session without a request for this long is closed and its training stopped")
	flag.DurationVar(&lim.TrainTime, "max-train", lim.TrainTime, "most training time of one session, in all")
	flag.IntVar(&lim.Units, "max-units", lim.Units, "most units of a layer, the inputs included")
	flag.IntVar(&lim.Layers, "max-layers", lim.Layers, "most hidden layers")
	flag.IntVar(&lim.Params, "max-params", lim.Params, "most weights and biases of a network")
	flag.IntVar(&lim.Work, "max-work", lim.Work, "most multiply-adds of one training step: samples of a batch × weights")
	flag.Int64Var(&lim.Upload, "max-upload", lim.Upload, "most bytes of an uploaded CSV")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Stdout, *addr, *port, *testdata, lim); err != nil {
		fmt.Fprintln(os.Stderr, "playground:", err)
		os.Exit(1)
	}
}

// run serves the playground on addr:port until ctx is done. It prints the
// address to open to w.
func run(ctx context.Context, w io.Writer, addr string, port int, testdata string, lim limits) error {
	if err := lim.check(); err != nil {
		return err
	}
	if port < 0 || port > 65535 {
		return fmt.Errorf("-port is %d, want 0 to 65535", port)
	}
	datasets := builtinDatasets()
	if testdata == "" {
		dir, err := findTestdata()
		if err != nil {
			fmt.Fprintf(w, "iris and digits are not offered: %v\n", err)
		}
		testdata = dir
	}
	if testdata != "" {
		more, err := loadFileDatasets(testdata, lim)
		if err != nil {
			return fmt.Errorf("reading the data sets of %s: %w", testdata, err)
		}
		datasets = append(datasets, more...)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(addr, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	srv := newServer(lim, datasets, nil)
	defer srv.close()
	hs := &http.Server{
		Handler:           srv.handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    32 << 10,
	}
	fmt.Fprintf(w, "mlp playground: open http://%s/ in a browser (Ctrl-C to stop)\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	srv.close() // ends the event streams, which Shutdown would wait for
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}
