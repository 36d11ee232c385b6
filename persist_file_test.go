package mlp

// SaveFile and LoadFile, and the failure paths of the atomic write. These
// tests are inside the package to make writeFileAtomic fail half way.

import (
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// listDir returns the names in dir.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// checkOldFileOnly fails unless dir holds exactly name, with the given content:
// the old file intact and no temporary file left behind.
func checkOldFileOnly(t *testing.T, dir, name, content string) {
	t.Helper()
	if names := listDir(t, dir); len(names) != 1 || names[0] != name {
		t.Errorf("directory holds %q, want only %q", names, name)
	}
	got, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil || string(got) != content {
		t.Errorf("ReadFile(%s) = %d bytes, %v, want the %d bytes it held", name, len(got), err, len(content))
	}
}

func TestSaveFileLoadFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "model.json")
	net := roundTripNet(t, Tanh, SquaredError, true, 3)
	if err := net.SaveFile(name); err != nil {
		t.Fatalf("SaveFile(%s) = %v, want nil", name, err)
	}
	got, err := LoadFile(name)
	if err != nil {
		t.Fatalf("LoadFile(SaveFile(net)) = %v, want nil", err)
	}
	if err := diffNetworks(got, net); err != nil {
		t.Errorf("LoadFile(SaveFile(net)): %v", err)
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Errorf("directory holds %q after SaveFile, want only model.json", names)
	}
	if fi, err := os.Stat(name); err == nil && runtime.GOOS != "windows" && fi.Mode().Perm() != 0o644 {
		t.Errorf("new file has mode %v, want 0644", fi.Mode().Perm())
	}

	// Replacing the file keeps its permissions.
	if err := os.Chmod(name, 0o600); err != nil {
		t.Fatal(err)
	}
	other := roundTripNet(t, ReLU, SquaredError, false, 4)
	if err := other.SaveFile(name); err != nil {
		t.Fatalf("SaveFile(%s) over a file = %v, want nil", name, err)
	}
	if got, err = LoadFile(name); err != nil {
		t.Fatal(err)
	}
	if err := diffNetworks(got, other); err != nil {
		t.Errorf("LoadFile after replacing: %v", err)
	}
	if fi, err := os.Stat(name); err == nil && runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("replaced file has mode %v, want 0600 as before", fi.Mode().Perm())
	}

	// A relative name is saved in the current directory.
	t.Chdir(dir)
	if err := net.SaveFile("relative.json"); err != nil {
		t.Errorf("SaveFile(relative.json) = %v, want nil", err)
	}
	if got, err := LoadFile("relative.json"); err != nil || diffNetworks(got, net) != nil {
		t.Errorf("LoadFile(relative.json) = %v", err)
	}
}

// TestSaveFileSymlink: saving through a symbolic link replaces the file it
// points to and keeps the link.
func TestSaveFileSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "v1.json")
	link := filepath.Join(dir, "current.json")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("v1.json", link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	net := roundTripNet(t, Sigmoid, SquaredError, true, 5)
	if err := net.SaveFile(link); err != nil {
		t.Fatalf("SaveFile(link) = %v, want nil", err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("after SaveFile(link), Lstat(link) = %v, %v, want a symbolic link", fi, err)
	}
	got, err := LoadFile(target)
	if err != nil || diffNetworks(got, net) != nil {
		t.Errorf("LoadFile(target) after SaveFile(link) = %v, want the saved network", err)
	}
}

// TestSaveFileFailures: every failure leaves the old file as it was and no
// temporary file behind.
func TestSaveFileFailures(t *testing.T) {
	const old = "the good old model"
	setup := func(t *testing.T) (dir, name string) {
		dir = t.TempDir()
		name = filepath.Join(dir, "model.json")
		if err := os.WriteFile(name, []byte(old), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir, name
	}
	good := roundTripNet(t, Identity, SquaredError, true, 6)

	t.Run("encode error", func(t *testing.T) {
		dir, name := setup(t)
		bad := roundTripNet(t, Identity, SquaredError, true, 6)
		bad.Layers[2].W.Set(0, 0, math.NaN())
		err := bad.SaveFile(name)
		if want := "mlp: SaveFile: layer 2: W[0][0] is NaN"; err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("SaveFile(NaN network) = %v, want %q", err, want)
		}
		checkOldFileOnly(t, dir, "model.json", old)
	})

	t.Run("write fails half way", func(t *testing.T) {
		dir, name := setup(t)
		err := writeFileAtomic(name, func(w io.Writer) error {
			if _, err := w.Write([]byte(`{"format": "github.com/glas`)); err != nil {
				return err
			}
			return errors.New("no space left on device")
		})
		if err == nil || !strings.Contains(err.Error(), "no space left on device") {
			t.Errorf("writeFileAtomic(failing write) = %v, want no space left on device", err)
		}
		checkOldFileOnly(t, dir, "model.json", old)
	})

	t.Run("name is a directory", func(t *testing.T) {
		dir, _ := setup(t)
		sub := filepath.Join(dir, "sub")
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		err := good.SaveFile(sub)
		if err == nil || !strings.Contains(err.Error(), "is not a regular file") {
			t.Errorf("SaveFile(a directory) = %v, want is not a regular file", err)
		}
		if fi, err := os.Stat(sub); err != nil || !fi.IsDir() {
			t.Errorf("after SaveFile(a directory), Stat = %v, %v, want the directory", fi, err)
		}
	})

	t.Run("rename fails", func(t *testing.T) {
		// The name is a regular file when it is checked and a non-empty
		// directory when the rename comes: the rename fails and the
		// temporary file must go.
		dir, name := setup(t)
		err := writeFileAtomic(name, func(w io.Writer) error {
			if err := os.Remove(name); err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Join(name, "inside"), 0o755); err != nil {
				return err
			}
			_, err := w.Write([]byte("new"))
			return err
		})
		if err == nil {
			t.Errorf("writeFileAtomic over a directory = nil, want an error")
		}
		if names := listDir(t, dir); len(names) != 1 || names[0] != "model.json" {
			t.Errorf("directory holds %q, want only model.json (no temporary file)", names)
		}
	})

	t.Run("no such directory", func(t *testing.T) {
		dir, _ := setup(t)
		err := good.SaveFile(filepath.Join(dir, "missing", "model.json"))
		if err == nil || !strings.HasPrefix(err.Error(), "mlp: SaveFile: ") || !errors.Is(err, os.ErrNotExist) {
			t.Errorf("SaveFile(missing/model.json) = %v, want mlp: SaveFile: ... not exist", err)
		}
		checkOldFileOnly(t, dir, "model.json", old)
	})

	t.Run("parent is a file", func(t *testing.T) {
		dir, name := setup(t)
		if err := good.SaveFile(filepath.Join(name, "model.json")); err == nil {
			t.Errorf("SaveFile(model.json/model.json) = nil, want an error")
		}
		checkOldFileOnly(t, dir, "model.json", old)
	})

	t.Run("unwritable directory", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("directory permissions differ on Windows")
		}
		dir, name := setup(t)
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(dir, 0o755)
		if f, err := os.CreateTemp(dir, "probe"); err == nil {
			f.Close()
			os.Remove(f.Name())
			t.Skip("this user can write to a read-only directory (root?)")
		}
		err := good.SaveFile(name)
		if err == nil || !errors.Is(err, os.ErrPermission) {
			t.Errorf("SaveFile(in a read-only directory) = %v, want permission denied", err)
		}
		os.Chmod(dir, 0o755)
		checkOldFileOnly(t, dir, "model.json", old)
	})
}

func TestLoadFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadFile(filepath.Join(dir, "none.json")); err == nil || !strings.HasPrefix(err.Error(), "mlp: LoadFile: ") || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadFile(none.json) = %v, want mlp: LoadFile: ... not exist", err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(savedFileV1[:100]), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(bad); err == nil || !strings.HasPrefix(err.Error(), "mlp: LoadFile: input ends after 100 bytes") {
		t.Errorf("LoadFile(truncated) = %v, want mlp: LoadFile: input ends after 100 bytes", err)
	}
	// A file larger than MaxLoadBytes is refused before it is read.
	big := bigSparseFile(t, dir)
	var lerr error
	n := heapBytes(3, func() { _, lerr = LoadFile(big) })
	if lerr == nil || !strings.Contains(lerr.Error(), "more than MaxLoadBytes") {
		t.Errorf("LoadFile(1 GiB + 1) = %v, want more than MaxLoadBytes", lerr)
	}
	if n > 16<<10 {
		t.Errorf("LoadFile(1 GiB + 1) allocates %d bytes, want at most %d", n, 16<<10)
	}
}
