/// The version of Registrar: the one number every program prints with `--version`, that the OpenAPI
/// document's `info.version` and every manual page's `.Os` line repeat, and that CHANGELOG.md names.
/// RegistrarctlTests checks all of them against this constant.
public let registrarVersion = "0.2.0"
