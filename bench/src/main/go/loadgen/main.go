// Command loadgen is the benchmark's Go client: closed-loop HTTPS requests over mutual TLS from a
// fixed number of workers, each a goroutine with its own connection, as the Go load generator that
// measured SPIKE Go for issue 13 (plain crypto/tls, no session resumption). It exists so that the
// client side of a p99 comparison is the same program for both servers; only the standard library
// is used, so Debian's golang-go builds it offline.
//
// It prints one line "completed errors elapsedSeconds" and then the latency of every recorded
// request in microseconds, one per line; the Java side turns them into the suite's histogram.
package main

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

type result struct {
	latencies []int64
	completed int64
	errors    int64
}

func main() {
	addr := flag.String("addr", "", "server host:port")
	svidDir := flag.String("svid-dir", "", "directory holding svid.pem, svid_key.pem, bundle.pem")
	serverID := flag.String("server-id", "", "SPIFFE ID the server must present")
	workers := flag.Int("workers", 16, "closed-loop workers, one connection each")
	warmup := flag.Duration("warmup", 3*time.Second, "unrecorded time before recording")
	duration := flag.Duration("duration", 10*time.Second, "recorded time")
	path := flag.String("path", "/v1/store/secrets?action=get", "request path")
	body := flag.String("body", "", "POST body")
	expect := flag.Int("expect", 200, "status every response must have")
	newConnections := flag.Bool("new-connections", false, "a new TLS connection for every request")
	flag.Parse()
	if *addr == "" || *svidDir == "" || *serverID == "" {
		fmt.Fprintln(os.Stderr, "loadgen: -addr, -svid-dir and -server-id are required")
		os.Exit(2)
	}
	config, err := tlsConfig(*svidDir, *serverID)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
	url := "https://" + *addr + *path
	start := time.Now()
	recordFrom := start.Add(*warmup)
	stopAt := recordFrom.Add(*duration)
	results := make([]result, *workers)
	var failures atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < *workers; w++ {
		wg.Add(1)
		go func(r *result) {
			defer wg.Done()
			client := &http.Client{Transport: transport(config, *newConnections), Timeout: 30 * time.Second}
			for {
				begin := time.Now()
				if !begin.Before(stopAt) {
					return
				}
				err := call(client, url, []byte(*body), *expect)
				if err != nil && failures.Add(1) == 1 {
					fmt.Fprintln(os.Stderr, "loadgen: first failure:", err)
				}
				if begin.Before(recordFrom) {
					continue
				}
				r.latencies = append(r.latencies, time.Since(begin).Microseconds())
				r.completed++
				if err != nil {
					r.errors++
				}
			}
		}(&results[w])
	}
	wg.Wait()
	elapsed := time.Since(recordFrom).Seconds()
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	var completed, failed int64
	for _, r := range results {
		completed += r.completed
		failed += r.errors
	}
	fmt.Fprintf(out, "%d %d %.3f\n", completed, failed, elapsed)
	for _, r := range results {
		for _, l := range r.latencies {
			fmt.Fprintln(out, l)
		}
	}
	out.Flush()
}

// transport keeps one connection per worker (HTTP/1.1, no session cache, so no resumption) or,
// with newConnections, none at all.
func transport(config *tls.Config, newConnections bool) *http.Transport {
	return &http.Transport{
		TLSClientConfig:     config.Clone(),
		DisableKeepAlives:   newConnections,
		MaxIdleConnsPerHost: 1,
		MaxConnsPerHost:     1,
		TLSNextProto:        map[string]func(string, *tls.Conn) http.RoundTripper{},
	}
}

func call(client *http.Client, url string, body []byte, expect int) error {
	response, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer response.Body.Close()
	if _, err := io.Copy(io.Discard, response.Body); err != nil {
		return err
	}
	if response.StatusCode != expect {
		return fmt.Errorf("status %d, expected %d", response.StatusCode, expect)
	}
	return nil
}

// tlsConfig presents the SVID in dir and accepts only a server whose chain leads to the bundle and
// whose certificate names serverID; SVIDs carry no DNS name, so the host-name check is replaced.
func tlsConfig(dir string, serverID string) (*tls.Config, error) {
	pair, err := tls.LoadX509KeyPair(filepath.Join(dir, "svid.pem"), filepath.Join(dir, "svid_key.pem"))
	if err != nil {
		return nil, err
	}
	bundle, err := os.ReadFile(filepath.Join(dir, "bundle.pem"))
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(bundle) {
		return nil, errors.New("no certificate in bundle.pem")
	}
	return &tls.Config{
		Certificates:       []tls.Certificate{pair},
		MinVersion:         tls.VersionTLS13,
		InsecureSkipVerify: true,
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			return verifyServer(raw, roots, serverID)
		},
	}, nil
}

func verifyServer(raw [][]byte, roots *x509.CertPool, serverID string) error {
	if len(raw) == 0 {
		return errors.New("server sent no certificate")
	}
	chain := make([]*x509.Certificate, len(raw))
	for i, der := range raw {
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			return err
		}
		chain[i] = cert
	}
	intermediates := x509.NewCertPool()
	for _, cert := range chain[1:] {
		intermediates.AddCert(cert)
	}
	if _, err := chain[0].Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: intermediates,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	}); err != nil {
		return err
	}
	for _, uri := range chain[0].URIs {
		if uri.String() == serverID {
			return nil
		}
	}
	return fmt.Errorf("server certificate does not name %s", serverID)
}
