package mlp

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// SaveFile saves n, as Save does, to the named file, atomically: a crash,
// a full disk or an error part way through never leaves a damaged file. The
// network is encoded in memory first, so an encoding error (a NaN weight, a
// custom activation) touches no file, and neither does an empty name, which
// is an error. Then SaveFile writes a temporary file in the same directory,
// named ".mlp-" and a few random digits, so that any name os.WriteFile takes
// will do (up to 255 bytes on most systems). It flushes the temporary file
// to stable storage (fsync), closes it and renames it over name, so that
// name holds either its old content or the whole new one, never a mix; last
// it flushes the directory, so that the rename itself survives a crash (not
// on Windows, which cannot). On any error before the rename the temporary
// file is removed and name is left as it was.
//
// A file that replaces an existing one keeps its permission bits; a new
// file gets 0644. If name is a symbolic link, the file it points to is
// replaced and the link is kept.
func (n *Network) SaveFile(name string) error {
	if name == "" {
		return errors.New("mlp: SaveFile: the file name is empty")
	}
	b, err := n.encode("SaveFile")
	if err != nil {
		return err
	}
	err = writeFileAtomic(name, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
	if err != nil {
		return fmt.Errorf("mlp: SaveFile: %w", err)
	}
	return nil
}

// LoadFile loads the network in the named file, as Load does. A file longer
// than MaxLoadBytes is refused before it is read. An empty name is an error.
func LoadFile(name string) (*Network, error) {
	if name == "" {
		return nil, errors.New("mlp: LoadFile: the file name is empty")
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("mlp: LoadFile: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > MaxLoadBytes {
		return nil, fmt.Errorf("mlp: LoadFile: %s is %d bytes, more than MaxLoadBytes (%d)", quote(name), fi.Size(), MaxLoadBytes)
	}
	return load("LoadFile", f, MaxLoadBytes)
}

// writeFileAtomic replaces the named file with what write writes, through a
// temporary file in the same directory that is synced, closed and renamed
// over name; then it syncs the directory. On an error before the rename it
// removes the temporary file and leaves name alone.
func writeFileAtomic(name string, write func(io.Writer) error) (err error) {
	perm := fs.FileMode(0o644)
	if fi, err := os.Lstat(name); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(name)
		if err != nil {
			return err
		}
		name = target
	}
	if fi, err := os.Stat(name); err == nil {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file", name)
		}
		perm = fi.Mode().Perm()
	}
	dir := filepath.Dir(name)
	// A short name of its own, not one made from name: name may already be
	// as long as a name in a directory can be.
	f, err := os.CreateTemp(dir, ".mlp-*")
	if err != nil {
		return err
	}
	tmp, renamed := f.Name(), false
	defer func() {
		if err != nil && !renamed {
			f.Close() // may be closed already; the error that matters is err
			os.Remove(tmp)
		}
	}()
	if err := write(f); err != nil {
		return fmt.Errorf("writing %s: %w", tmp, err)
	}
	if err := f.Chmod(perm); err != nil && runtime.GOOS != "windows" {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		return err
	}
	renamed = true
	if runtime.GOOS == "windows" {
		return nil
	}
	if err := syncDir(dir); err != nil {
		// name holds the new content; only its durability is in doubt.
		return fmt.Errorf("%s was written, but syncing its directory failed, so the rename may not survive a crash: %w", name, err)
	}
	return nil
}

// syncDir flushes the directory entries of dir to stable storage.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, errors.ErrUnsupported) {
		return nil
	}
	return err
}
