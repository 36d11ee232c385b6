package mlp

// Clone returns a deep copy of n: new layers with copies of every W and B,
// and the same Activations and Loss, which are values (a custom one is
// shared with n, as its functions are). The results of the last passes are
// not copied: in the copy Z, A, DA, DZ, DW and DB are nil, as in a network
// from New or Load, and Backward needs a Forward first. So nothing that a
// call writes into is shared, and n and its copy can be trained, changed
// and used from different goroutines apart. A nil layer or matrix stays
// nil; Clone of a nil network is nil. Clone only reads n.
//
// Clone keeps a network's weights, for example the best epoch's during
// training, and gives a copy to serve predictions from while n trains on.
func (n *Network) Clone() *Network {
	if n == nil {
		return nil
	}
	return n.cloneParams()
}
