package ist.spike.identity.workloadapi;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;
import io.spiffe.workloadapi.grpc.SpiffeWorkloadAPIGrpc;
import io.spiffe.workloadapi.grpc.Workload;
import ist.spike.identity.X509Svid;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A SPIFFE Workload API server for tests, speaking the public workload.proto (the generated stubs
 * java-spiffe ships) over a Unix domain socket. Like a SPIRE agent it requires the {@code
 * workload.spiffe.io: true} header, streams the current X.509-SVID on FetchX509SVID, and pushes a
 * new one to every open stream on {@link #publish}.
 */
public final class WorkloadApiTestServer implements AutoCloseable {
  private static final Metadata.Key<String> SECURITY_HEADER =
      Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER);

  private final Path socket;
  private final EventLoopGroup group = new EpollEventLoopGroup(1);
  private final Server server;
  private final List<StreamObserver<Workload.X509SVIDResponse>> streams =
      new CopyOnWriteArrayList<>();
  private volatile Workload.X509SVIDResponse current;

  /**
   * Starts serving on a Unix socket (keep the path under ~100 bytes).
   *
   * @param socket the socket file to create
   * @param svid the SVID to hand out
   * @param bundle the trust bundle of the SVID's trust domain
   * @throws IOException if the socket cannot be bound
   * @throws CertificateEncodingException if a certificate cannot be encoded
   */
  public WorkloadApiTestServer(Path socket, X509Svid svid, List<X509Certificate> bundle)
      throws IOException, CertificateEncodingException {
    this.socket = socket;
    this.current = response(svid, bundle);
    ServerInterceptor requireHeader =
        new ServerInterceptor() {
          @Override
          public <Q, A> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            if (!"true".equals(headers.get(SECURITY_HEADER))) {
              call.close(
                  Status.INVALID_ARGUMENT.withDescription("security header missing from request"),
                  new Metadata());
              return new ServerCall.Listener<>() {};
            }
            return next.startCall(call, headers);
          }
        };
    server =
        NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .channelType(EpollServerDomainSocketChannel.class)
            .bossEventLoopGroup(group)
            .workerEventLoopGroup(group)
            .addService(ServerInterceptors.intercept(new Service(), requireHeader))
            .build()
            .start();
  }

  /** Returns the address for SPIFFE_ENDPOINT_SOCKET. */
  public String address() {
    return "unix://" + socket;
  }

  /** Sends a new SVID to every open stream (rotation). */
  public void publish(X509Svid svid, List<X509Certificate> bundle)
      throws CertificateEncodingException {
    current = response(svid, bundle);
    for (StreamObserver<Workload.X509SVIDResponse> stream : streams) {
      stream.onNext(current);
    }
  }

  private static Workload.X509SVIDResponse response(X509Svid svid, List<X509Certificate> bundle)
      throws CertificateEncodingException {
    return Workload.X509SVIDResponse.newBuilder()
        .addSvids(
            Workload.X509SVID
                .newBuilder()
                .setSpiffeId(svid.spiffeId().toString())
                .setX509Svid(der(svid.chain()))
                .setX509SvidKey(ByteString.copyFrom(svid.privateKey().getEncoded()))
                .setBundle(der(bundle)))
        .build();
  }

  private static ByteString der(List<X509Certificate> certs) throws CertificateEncodingException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (X509Certificate cert : certs) {
      out.writeBytes(cert.getEncoded());
    }
    return ByteString.copyFrom(out.toByteArray());
  }

  private final class Service extends SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIImplBase {
    @Override
    public void fetchX509SVID(
        Workload.X509SVIDRequest request,
        StreamObserver<Workload.X509SVIDResponse> responseObserver) {
      streams.add(responseObserver);
      responseObserver.onNext(current);
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (StreamObserver<Workload.X509SVIDResponse> stream : streams) {
      try {
        stream.onCompleted();
      } catch (RuntimeException ignored) {
        // the client went away
      }
    }
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
