// The test cluster and databases (`TestCluster`, `TestDatabase`) live in RegistrarTestSupport, shared with
// the store conformance suite; every file of this target sees them.
@_exported import RegistrarTestSupport
