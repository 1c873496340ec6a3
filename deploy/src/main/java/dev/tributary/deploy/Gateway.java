package dev.tributary.deploy;

import dev.tributary.domain.source.SourceDefinition;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpAlbIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpAlbIntegrationProps;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.VpcLink;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public entry: an API Gateway HTTP API with one route per source, {@code POST /ingest/<source>}, generated from
 * the source YAML (the seed's 12 ingestion APIs; a 13th file adds a 13th route), each throttled on its own
 * ({@code routes} in the sizing file), and a {@code $default} route for the client API and dashboard. A VPC link
 * reaches an internal Application Load Balancer in the private subnets, which sends {@code /ingest/*} to the ingest
 * service and everything else to the client service; its target groups give the services' request-count scaling.
 */
final class Gateway extends Construct {
    static final String INGEST_PATH = "/ingest/";

    final HttpApi api;
    final ApplicationLoadBalancer loadBalancer;
    final ApplicationTargetGroup ingestTargets;
    final ApplicationTargetGroup clientTargets;
    final List<HttpRoute> sourceRoutes;
    final CfnStage stage;

    Gateway(Construct scope, String id, StackInputs inputs, Network network, Services services, Lake lake) {
        super(scope, id);
        SecurityGroup linkGroup = SecurityGroup.Builder.create(this, "LinkSecurityGroup").vpc(network.vpc())
                .description("API Gateway VPC link to the internal load balancer").allowAllOutbound(true).build();
        SecurityGroup albGroup = SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup").vpc(network.vpc())
                .description("Internal load balancer: from the VPC link only").allowAllOutbound(false).build();
        albGroup.addIngressRule(linkGroup, Port.tcp(80), "HTTP from the API Gateway VPC link");
        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer").vpc(network.vpc())
                .internetFacing(false).vpcSubnets(network.privateSubnets()).securityGroup(albGroup)
                .dropInvalidHeaderFields(true).build();
        loadBalancer.logAccessLogs(lake.accessLogs, "alb");
        ApplicationListener listener = loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                .port(80).protocol(ApplicationProtocol.HTTP).open(false).build());
        clientTargets = listener.addTargets("Client", targets(services.client, null));
        ingestTargets = listener.addTargets("Ingest", targets(services.ingest, 10));
        Services.allowHttp(services.client, albGroup);
        Services.allowHttp(services.ingest, albGroup);

        VpcLink link = VpcLink.Builder.create(this, "VpcLink").vpc(network.vpc()).subnets(network.privateSubnets())
                .securityGroups(List.of(linkGroup)).build();
        HttpAlbIntegration integration = new HttpAlbIntegration("Services", listener,
                HttpAlbIntegrationProps.builder().vpcLink(link).build());
        api = HttpApi.Builder.create(this, "Api").apiName("tributary")
                .description("Tributary: POST /ingest/<source> per source; everything else is the client API")
                .createDefaultStage(false).defaultIntegration(integration).build();

        Sizing.Routes throttling = inputs.sizing().routes();
        Map<String, Object> routeSettings = new LinkedHashMap<>();
        List<HttpRoute> routes = new java.util.ArrayList<>();
        for (SourceDefinition source : inputs.sources()) {
            String name = source.name().value();
            routes.addAll(api.addRoutes(AddRoutesOptions.builder().path(INGEST_PATH + name)
                    .methods(List.of(HttpMethod.POST)).integration(integration).build()));
            routeSettings.put(routeKey(name), throttle(throttling.of(name)));
        }
        sourceRoutes = List.copyOf(routes);

        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(Network.Retention.days(inputs.sizing().logs().retentionDays())).build();
        stage = CfnStage.Builder.create(this, "DefaultStage").apiId(api.getApiId()).stageName("$default")
                .autoDeploy(true)
                .defaultRouteSettings(CfnStage.RouteSettingsProperty.builder()
                        .throttlingRateLimit((double) throttling.ratePerSecond())
                        .throttlingBurstLimit(throttling.burst()).build())
                .routeSettings(routeSettings)
                .accessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
                        .destinationArn(accessLogs.getLogGroupArn())
                        .format("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                                + "\"time\":\"$context.requestTime\",\"routeKey\":\"$context.routeKey\","
                                + "\"status\":\"$context.status\",\"latencyMs\":\"$context.responseLatency\","
                                + "\"integrationError\":\"$context.integrationErrorMessage\"}")
                        .build())
                .build();
        // route settings name routes by key: the stage is created after them
        routes.forEach(route -> stage.getNode().addDependency(route));
    }

    /** {@code POST /ingest/<source>}: the route key API Gateway names a source's route by. */
    static String routeKey(String source) {
        return "POST " + INGEST_PATH + source;
    }

    private static Map<String, Object> throttle(Sizing.Throttle t) {
        return Map.of("ThrottlingRateLimit", t.ratePerSecond(), "ThrottlingBurstLimit", t.burst());
    }

    private static AddApplicationTargetsProps targets(
            software.amazon.awscdk.services.ecs.FargateService service, Integer priority) {
        AddApplicationTargetsProps.Builder props = AddApplicationTargetsProps.builder()
                .port(Services.HTTP_PORT).protocol(ApplicationProtocol.HTTP).targets(List.of(service))
                .deregistrationDelay(Duration.seconds(30))
                .healthCheck(software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.builder()
                        .path("/health").healthyHttpCodes("200").interval(Duration.seconds(15))
                        .healthyThresholdCount(2).build());
        if (priority != null) {
            props.priority(priority).conditions(List.of(ListenerCondition.pathPatterns(List.of(INGEST_PATH + "*"))));
        }
        return props.build();
    }
}
