// registrard: the applicant REST service of Registrar. See registrard(8).
import Foundation
import RegistrarCommandLine

// Nothing this program creates (database, keys, spool, logs) is for anyone but its owner.
umask(0o077)

exit(Daemon.run(Arguments.parseOrExit()))
