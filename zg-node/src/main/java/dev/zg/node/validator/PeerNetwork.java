package dev.zg.node.validator;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.common.Secp256k1;
import dev.zg.common.rlp.RlpWriter;
import dev.zg.consensus.SignatureVerifier;
import dev.zg.consensus.Validator;
import dev.zg.consensus.ValidatorSet;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticated TCP connections between the validators of one chain.
 *
 * <p>Each pair keeps one connection; the validator with the lower address dials, the other
 * accepts, and a dialer retries with exponential backoff (100 ms to 5 s). Both sides open
 * with {@link WireMessage.Hello} (chain id, network hash, a fresh 32-byte nonce) and answer
 * with {@link WireMessage.Auth}: their validator key's signature over the peer's nonce, bound
 * to the chain. A peer whose key is not in the configured peer list is refused. Connections
 * are authenticated but not encrypted.
 *
 * <p>Frames are a 4-byte big-endian length and the bytes of {@link WireCodec}, at most
 * {@link WireCodec#FRAME_BYTES_MAX}. Each connection has a reader thread and a writer thread
 * (virtual) with a bounded queue: when a slow peer's queue is full, frames to it are dropped,
 * which consensus tolerates (it re-sends) and which keeps one peer from stalling the others.
 * A peer that sends an oversized or undecodable frame, or that the host reports with
 * {@link #ban}, is disconnected and refused for the ban period.
 */
public final class PeerNetwork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerNetwork.class);
  private static final byte[] AUTH_TAG = "zg/p2p/v1/auth".getBytes(StandardCharsets.US_ASCII);
  private static final int QUEUE_FRAMES_MAX = 8192;
  /** Transaction gossip has its own, smaller queue, so it can never crowd out consensus. */
  private static final int TX_QUEUE_FRAMES_MAX = 1024;
  private static final int HANDSHAKE_TIMEOUT_MILLIS = 5_000;
  /** Peers send a status at least every second; silence this long means a dead link. */
  private static final int READ_TIMEOUT_MILLIS = 20_000;
  private static final long BACKOFF_MIN_MILLIS = 100;
  private static final long BACKOFF_MAX_MILLIS = 5_000;
  /** Inbound connections still in their handshake; more are closed at once (flood guard). */
  private static final int HANDSHAKES_PENDING_MAX = 32;

  /** What the host does with authenticated peers' messages. Called on reader threads. */
  public interface Handler {
    void onConnected(Address peer);

    void onMessage(Address peer, WireMessage message);
  }

  private final ValidatorConfig config;
  private final long chainId;
  private final Hash networkHash;
  private final Handler handler;
  private final long banMillis;
  private final Map<Address, ValidatorConfig.Peer> peers = new HashMap<>();
  private final Map<Address, Connection> connections = new ConcurrentHashMap<>();
  private final Map<Address, Long> bannedUntilMillis = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Semaphore handshakes = new Semaphore(HANDSHAKES_PENDING_MAX);
  private final SignatureVerifier verifier = SignatureVerifier.secp256k1();
  private volatile boolean closed;
  private ServerSocket server;

  /**
   * @param networkHash what peers must share besides the chain id: {@link #networkHash} of
   *     the genesis block and the validator set
   */
  public PeerNetwork(ValidatorConfig config, long chainId, Hash networkHash, long banMillis,
      Handler handler) {
    this.config = config;
    this.chainId = chainId;
    this.networkHash = networkHash;
    this.handler = handler;
    this.banMillis = banMillis;
    for (ValidatorConfig.Peer p : config.peers()) {
      peers.put(p.address(), p);
    }
  }

  /** Binds the listen port and starts accepting and dialing. */
  public void start() {
    try {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getByName(config.listenHost()),
          config.listenPort()), 64);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen for peers on " + config.listenHost() + ":"
          + config.listenPort() + ": " + e.getMessage(), e);
    }
    Thread.ofVirtual().name("p2p-accept").start(this::acceptLoop);
    for (ValidatorConfig.Peer p : peers.values()) {
      if (config.address().compareTo(p.address()) < 0) {
        Thread.ofVirtual().name("p2p-dial-" + p.address()).start(() -> dialLoop(p));
      }
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Addresses of the peers connected now. */
  public java.util.Set<Address> connected() {
    return java.util.Set.copyOf(connections.keySet());
  }

  public void broadcast(WireMessage message) {
    byte[] frame = WireCodec.encode(message);
    boolean gossip = message instanceof WireMessage.Transactions;
    for (Connection c : connections.values()) {
      c.send(frame, gossip);
    }
  }

  public void send(Address peer, WireMessage message) {
    Connection c = connections.get(peer);
    if (c != null) {
      c.send(WireCodec.encode(message), message instanceof WireMessage.Transactions);
    }
  }

  /** Disconnects {@code peer} and refuses it for the ban period. */
  public void ban(Address peer, String reason) {
    LOG.warn("banning peer {} for {} ms: {}", peer, banMillis, reason);
    bannedUntilMillis.put(peer, System.currentTimeMillis() + banMillis);
    Connection c = connections.get(peer);
    if (c != null) {
      c.close();
    }
  }

  public boolean isBanned(Address peer) {
    Long until = bannedUntilMillis.get(peer);
    if (until == null) {
      return false;
    }
    if (System.currentTimeMillis() >= until) {
      bannedUntilMillis.remove(peer, until);
      return false;
    }
    return true;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        if (!handshakes.tryAcquire()) {
          closeQuietly(socket);
          continue;
        }
        Thread.ofVirtual().name("p2p-in").start(() -> run(socket, null));
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("accepting a peer failed: {}", e.getMessage());
        }
      }
    }
  }

  private void dialLoop(ValidatorConfig.Peer peer) {
    long backoff = BACKOFF_MIN_MILLIS;
    while (!closed) {
      if (!isBanned(peer.address()) && !connections.containsKey(peer.address())) {
        Socket socket = new Socket();
        try {
          socket.connect(new InetSocketAddress(peer.host(), peer.port()),
              HANDSHAKE_TIMEOUT_MILLIS);
          if (run(socket, peer.address())) {
            backoff = BACKOFF_MIN_MILLIS; // it worked for a while: retry soon
            continue;
          }
        } catch (IOException e) {
          closeQuietly(socket);
        }
      }
      sleep(backoff);
      backoff = Math.min(BACKOFF_MAX_MILLIS, backoff * 2);
    }
  }

  /**
   * Handshakes and then reads until the connection ends. Returns whether the handshake
   * succeeded. {@code expected} is the dialed peer's address, null for accepted connections.
   */
  private boolean run(Socket socket, Address expected) {
    Connection connection;
    try {
      DataInputStream in;
      DataOutputStream out;
      Address peer;
      try {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        peer = handshake(in, out, expected);
      } finally {
        if (expected == null) {
          handshakes.release(); // taken by the accept loop for this inbound connection
        }
      }
      if (peer == null) {
        closeQuietly(socket);
        return false;
      }
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      connection = new Connection(peer, socket, out);
      Connection previous = connections.put(peer, connection);
      if (previous != null) {
        previous.close(); // the peer restarted: its new connection replaces the old one
      }
      Thread.ofVirtual().name("p2p-write-" + peer).start(connection::writeLoop);
      LOG.info("connected to validator {}", peer);
      handler.onConnected(peer);
      readLoop(connection, in);
      return true;
    } catch (IOException e) {
      closeQuietly(socket);
      return false;
    }
  }

  private Address handshake(DataInputStream in, DataOutputStream out, Address expected)
      throws IOException {
    byte[] nonce = new byte[WireCodec.NONCE_BYTES];
    random.nextBytes(nonce);
    writeFrame(out, WireCodec.encode(new WireMessage.Hello(chainId, networkHash, nonce)));
    out.flush();
    WireMessage first = readMessage(in);
    if (!(first instanceof WireMessage.Hello hello)) {
      LOG.debug("handshake: expected hello");
      return null;
    }
    if (hello.chainId() != chainId || !hello.networkHash().equals(networkHash)) {
      LOG.warn("refusing a peer of another network (chain id {}, network hash {}: another"
          + " genesis or validator set)", hello.chainId(), hello.networkHash());
      return null;
    }
    Secp256k1.Signature mine = Secp256k1.sign(authDigest(hello.nonce()),
        config.key().privateKey());
    writeFrame(out, WireCodec.encode(new WireMessage.Auth(mine)));
    out.flush();
    WireMessage second = readMessage(in);
    if (!(second instanceof WireMessage.Auth auth)) {
      LOG.debug("handshake: expected auth");
      return null;
    }
    Address peer = verifier.recover(authDigest(nonce), auth.signature());
    if (peer == null || !peers.containsKey(peer)) {
      LOG.warn("refusing a connection from {}: not a configured peer", peer);
      return null;
    }
    if (expected != null && !expected.equals(peer)) {
      LOG.warn("dialed {} but {} answered", expected, peer);
      return null;
    }
    if (isBanned(peer)) {
      return null;
    }
    return peer;
  }

  private byte[] authDigest(byte[] nonce) {
    return authDigest(chainId, networkHash, nonce);
  }

  /** Keccak-256 of the genesis hash and the set's addresses and powers, in address order. */
  public static Hash networkHash(Hash genesisHash, ValidatorSet validators) {
    RlpWriter w = new RlpWriter(64 + 40 * validators.size()).startList()
        .writeBytes(genesisHash.bytesUnsafe()).startList();
    for (Validator v : validators.validators()) {
      w.startList().writeBytes(v.address().toArray()).writeLong(v.votingPower()).endList();
    }
    return Hash.keccak(w.endList().endList().toByteArray());
  }

  /** What a validator signs in the handshake: the peer's nonce, bound to this chain. */
  static byte[] authDigest(long chainId, Hash networkHash, byte[] nonce) {
    byte[] chain = new byte[8];
    Bytes.putLong(chain, 0, chainId);
    return Keccak256.hash(Bytes.concat(AUTH_TAG, chain, networkHash.bytesUnsafe(), nonce));
  }

  private void readLoop(Connection connection, DataInputStream in) {
    try {
      while (!closed && !connection.closed) {
        WireMessage message;
        try {
          message = readMessage(in);
        } catch (WireFault f) {
          ban(connection.peer, f.getMessage());
          return;
        }
        if (message instanceof WireMessage.Hello || message instanceof WireMessage.Auth) {
          ban(connection.peer, "handshake message after the handshake");
          return;
        }
        try {
          handler.onMessage(connection.peer, message);
        } catch (RuntimeException e) {
          // The host's fault, not the peer's (or the node is closing): keep the link.
          if (!closed) {
            LOG.warn("handling a message from {} failed", connection.peer, e);
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("connection to {} ended: {}", connection.peer, e.getMessage());
    } finally {
      connection.close();
      connections.remove(connection.peer, connection);
    }
  }

  /** A protocol violation (as opposed to a dropped link). */
  private static final class WireFault extends IOException {
    WireFault(String message) {
      super(message);
    }
  }

  private static WireMessage readMessage(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 1 || length > WireCodec.FRAME_BYTES_MAX) {
      throw new WireFault("frame length " + length + " out of 1.." + WireCodec.FRAME_BYTES_MAX);
    }
    byte[] frame = new byte[length];
    in.readFully(frame);
    try {
      return WireCodec.decode(frame);
    } catch (WireCodec.WireException e) {
      throw new WireFault("undecodable frame: " + e.getMessage());
    }
  }

  private static void writeFrame(DataOutputStream out, byte[] frame) throws IOException {
    out.writeInt(frame.length);
    out.write(frame);
  }

  private final class Connection {
    final Address peer;
    final Socket socket;
    final DataOutputStream out;
    final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_FRAMES_MAX);
    final BlockingQueue<byte[]> gossipQueue = new ArrayBlockingQueue<>(TX_QUEUE_FRAMES_MAX);
    final Object signal = new Object();
    volatile boolean closed;

    Connection(Address peer, Socket socket, DataOutputStream out) {
      this.peer = peer;
      this.socket = socket;
      this.out = out;
    }

    void send(byte[] frame, boolean gossip) {
      if (closed) {
        return;
      }
      if (!(gossip ? gossipQueue : queue).offer(frame)) {
        LOG.debug("send queue to {} full: frame dropped", peer);
        return;
      }
      synchronized (signal) {
        signal.notify();
      }
    }

    /** Consensus and sync frames first, then gossip; one flush per burst. */
    private byte[] next() {
      byte[] frame = queue.poll();
      return frame != null ? frame : gossipQueue.poll();
    }

    void writeLoop() {
      try {
        while (!closed) {
          byte[] frame = next();
          if (frame == null) {
            synchronized (signal) {
              if (queue.isEmpty() && gossipQueue.isEmpty()) {
                signal.wait(1_000);
              }
            }
            continue;
          }
          for (; frame != null; frame = next()) {
            writeFrame(out, frame);
          }
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        close();
      }
    }

    void close() {
      closed = true;
      closeQuietly(socket);
      connections.remove(peer, this);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException ignored) {
      // closing
    }
    for (Connection c : connections.values()) {
      c.close();
    }
  }
}
