package dev.tributary.deploy;

import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The VPC: private subnets only for the services, the database and the internal load balancer (a public subnet only
 * when {@code network.egress: nat} asks for a NAT gateway), flow logs, and VPC endpoints. The lake's and queues' data
 * always goes through endpoints (S3 gateway: free; SQS interface). With {@code egress: endpoints} (the default) the
 * subnets are isolated and every other AWS API the tasks call has an endpoint too (ECR and S3 for image pulls, logs,
 * Secrets Manager for the injected credentials, CloudWatch and ECS for the status page), so no NAT is needed: no
 * internet path from the pipeline at all, at the price of the interface endpoints' hourly cost.
 */
final class Network extends Construct {
    static final String CIDR = "10.40.0.0/16";
    private final Vpc vpc;
    private final SubnetSelection privateSubnets;

    Network(Construct scope, String id, Sizing.Network sizing, int logRetentionDays) {
        super(scope, id);
        SubnetType privateType = sizing.nat() ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED;
        List<SubnetConfiguration> subnets = new ArrayList<>();
        subnets.add(SubnetConfiguration.builder().name("private").subnetType(privateType).cidrMask(22).build());
        if (sizing.nat()) {
            subnets.add(SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(26)
                    .mapPublicIpOnLaunch(false).build());
        }
        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs").retention(Retention.days(logRetentionDays))
                .build();
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(CIDR))
                .maxAzs(sizing.maxAzs())
                .natGateways(sizing.nat() ? 1 : 0)
                .subnetConfiguration(subnets)
                .flowLogs(Map.of("all", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs)).build()))
                .build();
        this.privateSubnets = SubnetSelection.builder().subnetType(privateType).build();

        vpc.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3)
                .subnets(List.of(privateSubnets)).build());
        List<InterfaceVpcEndpointAwsService> services = new ArrayList<>(List.of(InterfaceVpcEndpointAwsService.SQS));
        if (!sizing.nat()) {
            services.addAll(List.of(InterfaceVpcEndpointAwsService.ECR, InterfaceVpcEndpointAwsService.ECR_DOCKER,
                    InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
                    InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING, InterfaceVpcEndpointAwsService.ECS));
        }
        // one group for all interface endpoints: HTTPS from inside the VPC (a literal CIDR, so cdk-nag can check it)
        SecurityGroup endpoints = SecurityGroup.Builder.create(this, "EndpointSecurityGroup").vpc(vpc)
                .description("VPC interface endpoints: HTTPS from inside the VPC").allowAllOutbound(false).build();
        endpoints.addIngressRule(Peer.ipv4(CIDR), Port.tcp(443), "HTTPS to AWS APIs from inside the VPC");
        for (InterfaceVpcEndpointAwsService service : services) {
            vpc.addInterfaceEndpoint(endpointId(service), InterfaceVpcEndpointOptions.builder().service(service)
                    .subnets(privateSubnets).privateDnsEnabled(true).open(false)
                    .securityGroups(List.of(endpoints)).build());
        }
    }

    Vpc vpc() {
        return vpc;
    }

    SubnetSelection privateSubnets() {
        return privateSubnets;
    }

    private static String endpointId(InterfaceVpcEndpointAwsService service) {
        String[] parts = service.getShortName().split("[.-]");
        StringBuilder id = new StringBuilder();
        for (String part : parts) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id.toString();
    }

    /** CDK's retention enum by a day count from the sizing file. */
    static final class Retention {
        private Retention() {
        }

        static RetentionDays days(int days) {
            for (RetentionDays r : RetentionDays.values()) {
                if (r != RetentionDays.INFINITE && r.name().equals(name(days))) {
                    return r;
                }
            }
            throw new IllegalArgumentException("logs.retention_days: CloudWatch Logs has no retention of " + days
                    + " days (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)");
        }

        private static String name(int days) {
            return switch (days) {
                case 1 -> "ONE_DAY";
                case 3 -> "THREE_DAYS";
                case 5 -> "FIVE_DAYS";
                case 7 -> "ONE_WEEK";
                case 14 -> "TWO_WEEKS";
                case 30 -> "ONE_MONTH";
                case 60 -> "TWO_MONTHS";
                case 90 -> "THREE_MONTHS";
                case 120 -> "FOUR_MONTHS";
                case 150 -> "FIVE_MONTHS";
                case 180 -> "SIX_MONTHS";
                case 365 -> "ONE_YEAR";
                default -> "";
            };
        }
    }
}
